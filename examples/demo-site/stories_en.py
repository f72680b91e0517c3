"""English article texts of the demo news web (the Arabic ones come from the
seed articles in tests/data/seeds/). Used by generate.py.

WIRE_ECB is one agency story (Global Wire) that three sites republish with
their own headline and one paragraph dropped or added; the other texts are
distinct articles, three of them on the same topics as the wire stories, so a
crawler must keep them out of the wire groups.
"""

# The agency original: ECB rate decision of 7 March 2024.
WIRE_ECB = [
    "FRANKFURT (Global Wire) - The European Central Bank left its key interest rates unchanged for a "
    "fourth consecutive meeting on Thursday, keeping its deposit rate at a record 4 percent, but lowered "
    "its inflation forecasts and signalled that a first cut could come as early as June.",
    "The decision, which was widely expected by markets, came as price growth in the 20 countries that "
    "share the euro slowed to 2.6 percent in February, its lowest level in more than two years, while the "
    "bloc's economy stagnated at the end of last year.",
    "\"We are making good progress towards our inflation target, and we are more confident than we were,\" "
    "ECB President Christine Lagarde told reporters after the meeting. \"But we are not sufficiently "
    "confident, and we clearly need more evidence, more data. We will know a little more in April, but we "
    "will know a lot more in June.\"",
    "The bank's staff now expect inflation to average 2.3 percent this year, down from 2.7 percent in their "
    "December projections, and to fall to 2.0 percent in 2025 and 1.9 percent in 2026. Core inflation, "
    "which strips out volatile food and energy prices, was also revised lower.",
    "Growth forecasts were cut as well. The ECB now sees the euro zone economy expanding by just 0.6 percent "
    "in 2024, down from 0.8 percent, before a recovery to 1.5 percent next year as rising real wages support "
    "household spending.",
    "Lagarde said the Governing Council had not discussed rate cuts at the meeting, but had \"just started "
    "discussing the dialling back of our restrictive stance\". She repeated that future decisions would "
    "depend on incoming data, in particular on wage growth, which remains the main concern of policymakers.",
    "Investors had already pared back their bets on early easing in recent weeks. After the announcement, "
    "money markets priced in around 90 basis points of cuts by the end of the year, with a first move fully "
    "expected by June. The euro edged lower against the dollar and euro zone government bond yields fell.",
    "Economists said the bank was walking a fine line between keeping inflation in check and avoiding "
    "unnecessary damage to an economy that has barely grown for more than a year. Germany, the largest "
    "member, is forecast to be among the weakest performers this year, held back by high energy costs and "
    "weak demand for its exports.",
    "The ECB raised rates ten times between July 2022 and September 2023, by a combined 450 basis points, in "
    "its fastest tightening campaign since the euro was launched, in response to a surge in energy and food "
    "prices after Russia's invasion of Ukraine.",
    "The next policy meeting is scheduled for April 11.",
]

# Added by one republisher (alpha-news.test's English edition).
WIRE_ECB_GULF_PARAGRAPH = (
    "In the Gulf, where most currencies are pegged to the U.S. dollar, traders said the ECB's guidance was "
    "unlikely to move local markets, which remain far more sensitive to the outlook for the Federal Reserve."
)

# gamma-times.test, own analysis on the same topic (must not join the wire story).
ECB_ANALYSIS = [
    "Inflation in the euro area is falling faster than almost anyone at the European Central Bank expected "
    "a year ago. So why did its policymakers spend Thursday's meeting insisting that they are still not "
    "ready to lower borrowing costs?",
    "The short answer is wages. Pay settlements negotiated across the currency bloc last year were the "
    "largest in three decades, as unions sought to recover the purchasing power their members lost when "
    "energy bills soared. Services prices, which track labour costs closely, are still rising at about "
    "4 percent a year, roughly double the pace the central bank is comfortable with.",
    "Officials in Frankfurt remember the 1970s, when central banks on both sides of the Atlantic declared "
    "victory too early and watched inflation come roaring back. Several members of the Governing Council "
    "have said in recent speeches that they would rather be a few weeks late than a few months early.",
    "The timing also has a practical side. The first round of this year's wage agreements will only be "
    "visible in the data in late spring, which is why June, rather than April, has become the consensus "
    "date for a first move among the economists we spoke to.",
    "There is a cost to waiting. Bank lending to companies has all but stopped growing, construction is in "
    "a deep slump and surveys of manufacturers in Germany and Italy point to another weak quarter. Every "
    "month of restrictive policy adds to the pressure on indebted firms and on governments that must "
    "refinance their bonds at higher rates.",
    "Then there is Washington. If the Federal Reserve keeps rates high for longer, an early cut in Europe "
    "could weaken the euro and push up the price of imported goods, undoing part of the progress on "
    "inflation. Few policymakers admit that they watch the Fed, but most of them do.",
    "For households the message is patience. Mortgage rates in several countries have already fallen from "
    "their peaks as lenders anticipate cuts, but savers will keep earning decent returns on deposits for a "
    "while yet.",
]

# gamma-times.test, own report on the Cairo summit (same event as the Arabic
# wire story; another language and another text).
CAIRO_SUMMIT = [
    "CAIRO - A summit convened by Egypt to find a way out of the war in Gaza ended on Saturday without a "
    "joint statement, exposing deep divisions between Arab and Western leaders over how to describe the "
    "conflict and what to demand of Israel.",
    "Leaders and senior officials from more than 30 countries gathered in the New Administrative Capital "
    "east of Cairo for the meeting, which was hosted by President Abdel Fattah al-Sisi. Israel was not "
    "invited, and the United States sent its charge d'affaires rather than a senior envoy.",
    "Arab speakers called for an immediate ceasefire and for humanitarian aid to be allowed into the "
    "besieged territory without conditions. European leaders condemned the attack by Hamas on October 7 "
    "and stressed Israel's right to defend itself, while urging it to respect international humanitarian "
    "law and protect civilians.",
    "Hours before the summit opened, the first trucks carrying food, water and medicine crossed into Gaza "
    "through the Rafah border crossing with Egypt, after days of negotiations. Aid agencies said the twenty "
    "vehicles carried a tiny fraction of what the territory's 2.3 million people needed.",
    "In the absence of an agreed text, the Egyptian presidency issued its own statement after the closing "
    "session. It said the international community had failed to address the humanitarian disaster and "
    "warned against any attempt to displace Palestinians from their land.",
    "Diplomats said drafts had circulated until late in the afternoon but foundered on two points: whether "
    "to name Hamas in a condemnation, and whether to call for a ceasefire or for a humanitarian pause.",
    "Jordan's King Abdullah said the world was applying double standards and that the message being heard "
    "in the Arab world was that Palestinian lives mattered less than others. United Nations "
    "Secretary-General Antonio Guterres called for a humanitarian ceasefire and for the unconditional "
    "release of hostages.",
]

# gamma-times.test, local news on no wire topic.
RIVERSIDE_TRAM = [
    "Riverside's long-promised tram extension to the hospital and the university campus will open two "
    "years later than planned and cost almost a third more, the city council's transport committee was told "
    "on Wednesday evening.",
    "Engineers presenting the revised plan said ground conditions along the old canal, where the new line "
    "will run on a raised track for almost a kilometre, were far worse than the original survey suggested. "
    "Several hundred piles will have to be driven deeper, and a pumping station must be moved before work "
    "on the viaduct can start.",
    "The four-kilometre line, with six new stops, is now expected to carry its first passengers in the "
    "autumn of 2027. The budget has risen from 182 million to 236 million, with the extra money to come "
    "from the regional transport fund and from a loan the council will repay out of ticket income.",
    "Councillor Maria Okafor, who chairs the committee, said she was angry but not surprised. \"Every large "
    "project in this city has been late, and every one of them has been worth it in the end,\" she said. "
    "\"What I will not accept is another year of roadworks without a clear timetable for the people who "
    "live along the route.\"",
    "Opposition members asked for an independent review of the contract with the consortium building the "
    "line, and for compensation for shops on Canal Street, which has been closed to traffic since last "
    "summer. Several traders told the meeting that their takings had fallen by half.",
    "The committee agreed to publish a monthly progress report and to hold a public meeting in each of the "
    "three neighbourhoods on the route before the summer. A final vote on the new budget is expected in "
    "April.",
]

# delta-post.test, consumer angle on the ECB decision (same topic, distinct).
ECB_HOUSEHOLDS = [
    "The European Central Bank's decision to keep interest rates on hold this week will not change much for "
    "most households straight away, but it does tell borrowers and savers what to expect for the rest of "
    "the year.",
    "If you are on a variable-rate mortgage, your monthly payment is tied to market rates such as Euribor, "
    "which have already started to drift lower because traders expect cuts by the summer. Brokers say that "
    "the worst of the increases is probably over, although payments are unlikely to return to the levels "
    "of 2021 any time soon.",
    "Buyers looking for a fixed-rate deal are in a better position than they were in the autumn. Several "
    "lenders have trimmed their five- and ten-year offers in recent weeks, and competition for customers "
    "with large deposits is strong. It can still pay to wait a few months, advisers say, but nobody can "
    "promise that rates will fall as quickly as they rose.",
    "For savers the picture is the reverse. Banks were slow to pass on higher rates to deposit accounts, "
    "and they are likely to be quick to cut them once the central bank moves. Anyone who wants to lock in "
    "today's returns should look at fixed-term accounts and government savings bonds now rather than later.",
    "Credit card and overdraft rates barely follow the central bank at all, so people carrying debt on them "
    "should not wait for relief from Frankfurt. Paying off the most expensive borrowing first remains the "
    "best advice.",
    "Prices in the shops are rising more slowly than a year ago, but the cost of services such as "
    "insurance, rent and eating out is still climbing steadily, which is one of the reasons the central "
    "bank is being careful.",
]

# delta-post.test, local feature on no wire topic.
HARBOUR_FESTIVAL = [
    "After a four-year absence, the Harbour Festival is coming back to Port Delta this summer, with three "
    "days of music, boat races and food stalls along the old quay, organisers announced on Tuesday.",
    "The festival, which once drew more than 60,000 visitors a year, was cancelled during the pandemic and "
    "then postponed twice while the harbour wall was rebuilt. The new promenade, finished in January, will "
    "be the main stage for the first time.",
    "\"People have been asking us every week when it is coming back,\" said Tom Ellery, who chairs the "
    "volunteer committee that runs the event. \"We wanted to do it properly, with the whole waterfront, "
    "rather than squeeze it into a car park.\"",
    "The programme includes the traditional rowing race between the four fishing villages of the bay, a "
    "parade of restored sailing boats and a fireworks display over the water on the Saturday night. Local "
    "schools will run a science tent about the marine life of the estuary, and the lifeboat station will "
    "open its doors to visitors.",
    "Entry will remain free, paid for by sponsors and by the fees charged to traders. The committee is "
    "still looking for about 200 volunteers to help with stewarding, litter collection and the information "
    "points, and has asked residents to sign up on its website before the end of April.",
    "Bus services will be extended until midnight on all three days, and the harbour car park will be "
    "closed to traffic from Friday morning. Organisers have asked visitors from outside the town to use the "
    "park-and-ride at the football ground.",
]
