// `wirecrawl dedup [--threshold T] [FILE|-]`: offline story clustering of a
// JSONL stream, for pipelines.
//
// Each input line is {"id": <string or number>, "text": "..."}; each output
// line, in input order, is {"id": <as given>, "story": <the id of the story's
// first member, as given>, "similarity": <Jaccard to that member>}. Lines are
// read, clustered and written one at a time, so memory grows with the index
// (one entry per distinct text) and the ids of the stories' first members,
// not with the input (and 16 bytes per line to notice a repeated id).
//
// Ids should be unique: the output names a story by its first member's id,
// so two lines with one id make two stories look like one. A repeated id is
// reported on stderr with both line numbers and makes the exit status 1;
// the line is still grouped and written, so the output keeps one line per
// input line. SIGINT or SIGTERM stops reading: the lines read so far are
// written, and the exit status is 130 (143).
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "base/worker_pool.h"
#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/stop_signals.h"
#include "config/value_checks.h"
#include "dedup/story_index.h"

namespace wirecrawl::cli {
namespace {

struct DedupArgs {
  double threshold = DedupOptions{}.threshold;
  int shingle_size = DedupOptions{}.shingle_size;
  bool signatures_only = false;
  int jobs = 0;
  std::string input = "-";
};

// The id and text of one input line, or why the line is unusable.
struct InputLine {
  nlohmann::ordered_json id;
  std::string text;
};

// One input line after the workers: its id and fingerprint, or why it is
// unusable (nullopt: a blank line).
struct FingerprintedLine {
  int64_t line_number = 0;
  std::optional<Result<nlohmann::ordered_json>> id;
  Fingerprint fingerprint;
};

// Lines read and fingerprinted at a time: enough to keep every worker busy,
// few enough that memory does not grow with the input.
constexpr size_t kLinesPerChunk = 4096;

Result<InputLine> ParseLine(const std::string& line) {
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(line);
  } catch (const nlohmann::ordered_json::parse_error& e) {
    return Status::InvalidArgument(std::string("not JSON: ") + e.what());  // says where and what
  }
  if (!j.is_object())
    return Status::InvalidArgument("expected a JSON object, got " + std::string(j.type_name()));
  auto id = j.find("id");
  if (id == j.end()) return Status::InvalidArgument("missing \"id\"");
  if (!id->is_string() && !id->is_number()) {
    return Status::InvalidArgument("\"id\" must be a string or a number, got " +
                                   std::string(id->type_name()));
  }
  auto text = j.find("text");
  if (text == j.end()) return Status::InvalidArgument("missing \"text\"");
  if (!text->is_string()) {
    return Status::InvalidArgument("\"text\" must be a string, got " + std::string(text->type_name()));
  }
  return InputLine{std::move(*id), text->get<std::string>()};
}

void RunDedup(const DedupArgs& args) {
  DedupOptions options;
  options.threshold = args.threshold;
  options.shingle_size = args.shingle_size;
  // The text is at hand, so verify with exact Jaccard unless told to save the memory.
  options.keep_shingles = !args.signatures_only;
  if (Status st = options.Validate(); !st.ok()) {
    std::cerr << "wirecrawl " << st.message() << "\n";  // "dedup: threshold must be ..."
    ExitStatus() = kExitUsage;
    return;
  }

  std::ifstream file;
  std::istream* in = &std::cin;
  const std::string source = args.input == "-" ? "<stdin>" : args.input;
  if (args.input != "-") {
    file.open(args.input, std::ios::binary);
    if (!file) {
      // As extract and ingest: an input that cannot be read is a failed
      // input (1), with the system's reason.
      std::cerr << "wirecrawl dedup: " << args.input << ": cannot open: " << std::strerror(errno) << "\n";
      ExitStatus() = kExitFailure;
      return;
    }
    in = &file;
  }
  StopSignals signals;

  StoryIndex index(options);
  WorkerPool pool(static_cast<size_t>(args.jobs));
  std::vector<Fingerprinter> fingerprinters;
  for (size_t i = 0; i < pool.threads(); ++i) fingerprinters.emplace_back(options);
  // Original ids of the stories' first members; other ids are not kept.
  std::unordered_map<int64_t, nlohmann::ordered_json> story_ids;
  // A hash of each id (its JSON text, so 7 and "7" differ) and its line.
  std::unordered_map<uint64_t, int64_t> id_lines;
  size_t repeated_ids = 0;
  int64_t line_number = 0;
  size_t bad_lines = 0;
  std::vector<std::string> chunk;
  auto fingerprint = [&](size_t i, size_t worker) {
    FingerprintedLine out;
    out.line_number = line_number - static_cast<int64_t>(chunk.size() - 1 - i);
    std::string& line = chunk[i];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) return out;  // blank lines carry nothing
    Result<InputLine> parsed = ParseLine(line);
    if (!parsed.ok()) {
      out.id = parsed.status();
      return out;
    }
    fingerprinters[worker].Compute(parsed->text, &out.fingerprint);
    out.id = std::move(parsed->id);
    return out;
  };
  // Stories are assigned in input order, on this thread: the output does
  // not depend on the number of workers.
  auto assign = [&](size_t, FingerprintedLine& line) {
    if (!line.id) return true;
    if (!line.id->ok()) {
      std::cerr << "wirecrawl dedup: " << source << ":" << line.line_number << ": "
                << line.id->status().message() << "\n";
      ++bad_lines;
      return true;
    }
    // The line number is the document's id inside the index: unique even
    // when input ids repeat.
    Result<StoryAssignment> story = index.Assign(line.line_number, line.fingerprint);
    if (!story.ok()) {  // cannot happen with one Fingerprinter family and index; reported, not hidden
      std::cerr << "wirecrawl dedup: " << source << ":" << line.line_number << ": "
                << story.status().message() << "\n";
      ++bad_lines;
      return true;
    }
    std::string id_text = (*line.id)->dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    auto [seen, first] = id_lines.emplace(std::hash<std::string>{}(id_text), line.line_number);
    if (!first) {
      ++repeated_ids;
      std::cerr << "wirecrawl dedup: " << source << ":" << line.line_number << ": id " << id_text
                << " repeats line " << seen->second << ": a story named by it would be ambiguous\n";
    }
    if (story->new_story) story_ids.emplace(line.line_number, **line.id);
    nlohmann::ordered_json out;  // fields in the documented order
    out["id"] = std::move(**line.id);
    out["story"] = story_ids.at(story->story_id);
    out["similarity"] = std::round(story->story_similarity * 10000) / 10000;
    std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return true;
  };
  std::string line;
  bool more = true;
  while (more && !signals.stop_requested()) {
    chunk.clear();
    while (chunk.size() < kLinesPerChunk && (more = static_cast<bool>(std::getline(*in, line)))) {
      ++line_number;
      chunk.push_back(std::move(line));
    }
    ParallelMap<FingerprintedLine>(pool, chunk.size(), fingerprint, assign);
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "wirecrawl dedup: cannot write the output\n";
    ExitStatus() = kExitIo;
    return;
  }
  if (in->bad() && !signals.stop_requested()) {  // a signal interrupts the read
    std::cerr << "wirecrawl dedup: " << source << ": read error after line " << line_number << "\n";
    ExitStatus() = kExitFailure;
  }
  if (bad_lines > 0) {
    std::cerr << "wirecrawl dedup: " << bad_lines << " bad line(s) skipped\n";
    ExitStatus() = kExitFailure;
  }
  if (repeated_ids > 0) {
    std::cerr << "wirecrawl dedup: " << repeated_ids << " line(s) repeat an earlier id\n";
    ExitStatus() = kExitFailure;
  }
  ExitAfterSignal(signals.ExitCode());
}

}  // namespace

void AddDedupCommand(CLI::App& app) {
  auto args = std::make_shared<DedupArgs>();
  CLI::App* cmd = app.add_subcommand(
      "dedup",
      "Group near-duplicate texts into stories; JSONL in ({\"id\",\"text\"}), one JSONL line out per input");
  cmd->add_option("--threshold", args->threshold,
                  "Jaccard similarity (0.01..1) at which two texts are one story (as dedup.threshold)")
      ->capture_default_str()
      ->type_name("T")
      ->check(InRange(config_checks::kDedupThreshold));
  cmd->add_option("--shingle-size", args->shingle_size, "Words per shingle, 1..32 (as dedup.shingle_size)")
      ->capture_default_str()
      ->type_name("N")
      ->check(InRange(config_checks::kShingleSize));
  cmd->add_flag("--signatures-only", args->signatures_only,
                "Verify matches with the MinHash estimate instead of exact Jaccard (less memory, "
                "as the crawler does after a restart)");
  cmd->add_option("-j,--jobs", args->jobs,
                  "Threads that normalise and fingerprint; 0 (default) = one per core")
      ->type_name("N")
      ->check(InRange(config_checks::kWorkers));
  cmd->add_option("FILE", args->input, "JSONL input; '-' (default) is stdin");
  cmd->footer(
      "Output fields: id (as given), story (the id of the story's first member, as given), similarity "
      "(Jaccard of the 5-word shingles to that member; 1 for the first member and exact duplicates). "
      "Text is compared after normalisation (case, Arabic letter variants, diacritics, digits, punctuation). "
      "A bad line is reported on stderr with its line number and skipped; the exit status is then 1. Ids "
      "should be unique: a repeated id is reported with both line numbers (the line is still grouped) and the "
      "exit status is 1. A FILE that cannot be read: exit status 1, with the reason.");
  cmd->callback([args] { RunDedup(*args); });
}

}  // namespace wirecrawl::cli
