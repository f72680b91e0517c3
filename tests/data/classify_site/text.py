"""Made-up news prose in English, French and Arabic for the classification
test site (generate.py): sentences from templates and word banks, drawn with
a seeded random.Random, so that every page is different and the output is
the same on every run. No real events: the words are news vocabulary only.
"""

EN = {
    "subjects": ["The finance minister", "The city council", "A government spokesman", "The central bank",
                 "Opposition leaders", "The port authority", "Health officials", "The transport union",
                 "The foreign ministry", "Local farmers", "The energy regulator", "Police investigators",
                 "The education board", "A coalition of charities", "The national airline",
                 "Emergency services", "The trade commissioner", "Hospital managers", "The water utility",
                 "A parliamentary committee"],
    "verbs": ["announced", "rejected", "approved", "delayed", "defended", "questioned", "welcomed",
              "criticised", "confirmed", "postponed", "outlined", "reviewed", "extended", "suspended"],
    "objects": ["a new budget for the coming year", "plans to expand the northern railway",
                "a proposal to raise fuel prices", "the agreement signed last month",
                "an inquiry into the collapsed bridge", "talks on the disputed fishing quota",
                "a programme of school repairs", "the sale of the state telecom company",
                "emergency funding for flooded villages", "new rules on rental housing",
                "a plan to cut hospital waiting lists", "the merger of two regional banks",
                "a ban on night flights over the capital", "the reopening of the border crossing"],
    "tails": ["on Tuesday", "after a long meeting", "despite strong objections", "in a short statement",
              "according to officials", "late on Monday evening", "ahead of next week's vote",
              "following months of pressure", "without giving details", "in the capital",
              "at a news conference", "as the deadline approached"],
    "extras": ["Officials said the decision would be reviewed in the spring.",
               "Critics argued that the costs had been underestimated.",
               "A final report is expected before the end of the year.",
               "Residents have been asked to follow the updates closely.",
               "The measure still needs the approval of parliament.",
               "Several groups said they would challenge the plan in court.",
               "Prices rose slightly in the markets after the announcement.",
               "No one was available to comment on the figures.",
               "The previous government had made a similar promise.",
               "Analysts expect the debate to continue for weeks."],
    "cities": ["NORTHPORT", "EASTBRIDGE", "KINGSFORD", "ASHVALE", "REDMOOR"],
    "agency": "Coast Wire",
    "headline_subjects": ["Minister", "Council", "Central bank", "Union", "Regulator", "Parliament", "Airline",
                          "Port authority", "Hospital board", "Charities", "Farmers", "Police"],
    "headline_verbs": ["backs", "rejects", "delays", "approves", "questions", "extends", "suspends", "reviews"],
    "headline_objects": ["railway expansion plan", "fuel price rise", "housing rules", "school repairs",
                         "bridge inquiry", "fishing quota talks", "telecom sale", "flood funding",
                         "night flight ban", "bank merger", "border reopening", "waiting list plan"],
    "sections": [("world", "World"), ("business", "Business"), ("local", "Local")],
    "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"],
}

FR = {
    "subjects": ["Le ministre des finances", "Le conseil municipal", "Un porte-parole du gouvernement",
                 "La banque centrale", "Les élus de l'opposition", "L'autorité portuaire",
                 "Les services de santé", "Le syndicat des transports", "Le ministère des affaires étrangères",
                 "Les agriculteurs de la région", "Le régulateur de l'énergie", "Les enquêteurs",
                 "Le rectorat", "Un collectif d'associations", "La compagnie aérienne nationale"],
    "verbs": ["a annoncé", "a rejeté", "a approuvé", "a reporté", "a défendu", "a critiqué", "a confirmé",
              "a présenté", "a prolongé", "a suspendu", "a salué", "a contesté"],
    "objects": ["un nouveau budget pour l'année prochaine", "le projet d'extension de la ligne nord",
                "une hausse du prix des carburants", "l'accord signé le mois dernier",
                "une enquête sur l'effondrement du pont", "les négociations sur les quotas de pêche",
                "un plan de rénovation des écoles", "la vente de l'opérateur public",
                "une aide d'urgence pour les villages inondés", "de nouvelles règles pour les loyers",
                "la fusion de deux banques régionales", "la réouverture du poste frontière"],
    "tails": ["mardi", "après une longue réunion", "malgré de vives objections", "dans un bref communiqué",
              "selon des responsables", "lundi soir", "avant le vote de la semaine prochaine",
              "après des mois de pression", "sans donner de détails", "lors d'une conférence de presse"],
    "extras": ["Les responsables ont indiqué que la décision serait réexaminée au printemps.",
               "Les critiques estiment que les coûts ont été sous-estimés.",
               "Un rapport final est attendu avant la fin de l'année.",
               "Les habitants sont invités à suivre les annonces de près.",
               "La mesure doit encore être approuvée par le parlement.",
               "Plusieurs associations ont annoncé un recours devant la justice.",
               "Aucun responsable n'a souhaité commenter ces chiffres.",
               "Le gouvernement précédent avait fait une promesse semblable."],
    "cities": ["MARSEILLE", "TOULON", "NICE", "MONTPELLIER", "NÎMES"],
    "agency": "Agence Sud",
    "headline_subjects": ["Le ministre", "Le conseil", "La banque centrale", "Le syndicat", "Le régulateur",
                          "Les élus", "La compagnie", "Le port", "Les agriculteurs", "La préfecture"],
    "headline_verbs": ["soutient", "rejette", "reporte", "approuve", "conteste", "prolonge", "suspend"],
    "headline_objects": ["le projet ferroviaire", "la hausse des carburants", "les règles sur les loyers",
                         "la rénovation des écoles", "l'enquête sur le pont", "les quotas de pêche",
                         "la vente de l'opérateur", "l'aide aux sinistrés", "la fusion bancaire",
                         "la réouverture de la frontière"],
    "sections": [("politique", "Politique"), ("economie", "Économie"), ("region", "Région")],
    "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
               "octobre", "novembre", "décembre"],
}

AR = {
    "subjects": ["وزير المالية", "المجلس البلدي", "المتحدث باسم الحكومة", "البنك المركزي", "نواب المعارضة",
                 "هيئة الموانئ", "وزارة الصحة", "نقابة النقل", "وزارة الخارجية", "مزارعو المنطقة",
                 "هيئة تنظيم الطاقة", "المحققون", "مجلس التعليم", "تحالف من الجمعيات الخيرية",
                 "شركة الطيران الوطنية", "فرق الدفاع المدني", "لجنة برلمانية"],
    "verbs": ["أعلن", "رفض", "أقر", "أرجأ", "دافع عن", "انتقد", "أكد", "عرض", "مدد", "علق", "رحب بـ"],
    "objects": ["موازنة جديدة للعام المقبل", "خطة توسيع خط السكك الحديدية الشمالي", "مقترحا لرفع أسعار الوقود",
                "الاتفاق الموقع الشهر الماضي", "تحقيقا في انهيار الجسر", "محادثات حصص الصيد المتنازع عليها",
                "برنامجا لترميم المدارس", "بيع شركة الاتصالات الحكومية", "تمويلا عاجلا للقرى المنكوبة بالفيضانات",
                "قواعد جديدة للإيجارات السكنية", "خطة لتقليص قوائم الانتظار في المستشفيات",
                "دمج مصرفين إقليميين", "إعادة فتح المعبر الحدودي"],
    "tails": ["يوم الثلاثاء", "بعد اجتماع مطول", "رغم اعتراضات واسعة", "في بيان مقتضب", "بحسب مسؤولين",
              "مساء الاثنين", "قبل تصويت الأسبوع المقبل", "بعد أشهر من الضغوط", "دون تقديم تفاصيل",
              "في مؤتمر صحفي", "مع اقتراب المهلة"],
    "extras": ["وقال مسؤولون إن القرار سيخضع للمراجعة في الربيع.",
               "ويرى منتقدون أن التكاليف قدرت بأقل من حجمها.",
               "ومن المنتظر صدور تقرير نهائي قبل نهاية العام.",
               "ودعت السلطات السكان إلى متابعة التحديثات عن كثب.",
               "ولا يزال الإجراء بحاجة إلى موافقة البرلمان.",
               "وأعلنت عدة جمعيات أنها ستطعن في الخطة أمام القضاء.",
               "ولم يتسن الحصول على تعليق من المسؤولين على هذه الأرقام.",
               "وكانت الحكومة السابقة قد قطعت وعدا مماثلا."],
    "cities": ["الدوحة", "المنامة", "مسقط", "الكويت", "عمّان"],
    "agency": "وكالة الخليج",
    "headline_subjects": ["الوزير", "المجلس البلدي", "البنك المركزي", "النقابة", "هيئة الطاقة", "البرلمان",
                          "شركة الطيران", "هيئة الموانئ", "وزارة الصحة", "المزارعون"],
    "headline_verbs": ["يدعم", "يرفض", "يرجئ", "يقر", "ينتقد", "يمدد", "يعلق"],
    "headline_objects": ["خطة السكك الحديدية الجديدة", "زيادة أسعار الوقود", "قواعد الإيجار السكني",
                         "ترميم المدارس الحكومية", "التحقيق في انهيار الجسر", "حصص الصيد البحري",
                         "بيع شركة الاتصالات", "مساعدات المتضررين من الفيضانات", "دمج المصارف الإقليمية",
                         "إعادة فتح المعبر الحدودي"],
    "sections": [("politics", "سياسة"), ("economy", "اقتصاد"), ("local", "محليات")],
    "months": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
               "نوفمبر", "ديسمبر"],
}

BANKS = {"en": EN, "fr": FR, "ar": AR}


def sentence(rng, bank):
    s = f"{rng.choice(bank['subjects'])} {rng.choice(bank['verbs'])} {rng.choice(bank['objects'])} " \
        f"{rng.choice(bank['tails'])}"
    return s + "."


def words(text):
    return len(text.split())


def paragraph(rng, bank, target):
    """Sentences until about `target` words."""
    out = []
    while not out or words(" ".join(out)) < target:
        out.append(sentence(rng, bank) if rng.random() < 0.7 else rng.choice(bank["extras"]))
    return " ".join(out)


def body(rng, bank, total, paragraphs):
    """`paragraphs` paragraphs of about total/paragraphs words each."""
    per = max(8, total // paragraphs)
    return [paragraph(rng, bank, per) for _ in range(paragraphs)]


def headline(rng, bank, used):
    """A headline of six words or more, never the same twice on one site."""
    while True:
        h = f"{rng.choice(bank['headline_subjects'])} {rng.choice(bank['headline_verbs'])} " \
            f"{rng.choice(bank['headline_objects'])}"
        if len(h.split()) < 5:
            h += " " + rng.choice(bank["tails"])
        if h not in used:
            used.add(h)
            return h


def date_text(lang, bank, day, month, year=2026):
    if lang == "en":
        return f"{day} {bank['months'][month - 1]} {year}"
    if lang == "fr":
        return f"{day} {bank['months'][month - 1]} {year}"
    return f"{day} {bank['months'][month - 1]} {year}"
