#include "fleet/machine_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "util/error.h"

namespace hone::fleet {

std::string configured_machine_name(const std::string& configured, std::string* source) {
  const char* env = std::getenv("HONE_MACHINE");
  std::string name, from;
  if (env != nullptr && *env != '\0') {
    name = env;
    from = "HONE_MACHINE";
  } else if (!configured.empty()) {
    name = configured;
    from = "hone.toml";
  }
  if (source) *source = from;
  return name;
}

nlohmann::json machine_fingerprint(const MachineFacts& f, const std::string& configured_name,
                                   const std::string& name_source, bool counters, const std::string& counters_reason) {
  nlohmann::json m = {{"name", configured_name.empty() ? f.hostname : configured_name},
                      {"name_from", configured_name.empty() ? "hostname" : name_source},
                      {"hostname", f.hostname},
                      {"cpu_model", f.cpu_model},
                      {"cores", f.cores},
                      {"memory", f.memory},
                      {"governor", f.governor},
                      {"kernel", f.kernel},
                      {"counters", counters},
                      {"counters_reason", counters_reason},
                      {"load1", f.load1}};
  m["id"] = machine_id(m);
  return m;
}

namespace {

std::string text_of(const nlohmann::json& m, const char* key) {
  auto it = m.find(key);
  return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t int_of(const nlohmann::json& m, const char* key) {
  auto it = m.find(key);
  return it != m.end() && it->is_number() ? it->get<int64_t>() : 0;
}

int64_t gib(int64_t bytes) { return std::llround(static_cast<double>(bytes) / (int64_t{1} << 30)); }

}  // namespace

std::string machine_id(const nlohmann::json& m) {
  auto counters = m.find("counters");
  std::string key =
      fmt::format("name={}\ncpu={}\ncores={}\nmemory_gib={}\ngovernor={}\nkernel={}\ncounters={}", text_of(m, "name"),
                  text_of(m, "cpu_model"), int_of(m, "cores"), gib(int_of(m, "memory")), text_of(m, "governor"),
                  text_of(m, "kernel"), counters != m.end() && counters->is_boolean() && counters->get<bool>());
  uint64_t h = 1469598103934665603ull;  // FNV-1a: a fingerprint, not security
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  return fmt::format("{:012x}", h >> 16);
}

std::string recorded_machine_id(const nlohmann::json& machine) { return text_of(machine, "id"); }

std::string describe_machine(const nlohmann::json& m) {
  std::string id = recorded_machine_id(m);
  std::string name = text_of(m, "name");
  if (name.empty()) name = text_of(m, "hostname");
  if (name.empty()) name = "an unnamed machine";
  std::string facts = text_of(m, "cpu_model");
  if (facts.empty()) facts = "unknown CPU";
  facts += fmt::format(", {} cores", int_of(m, "cores"));
  if (int_of(m, "memory") > 0) facts += fmt::format(", {} GiB", gib(int_of(m, "memory")));
  if (!text_of(m, "kernel").empty()) facts += ", " + text_of(m, "kernel");
  if (id.empty()) return fmt::format("'{}' (no machine id: recorded by an older hone; {})", name, facts);
  return fmt::format("'{}' (id {}: {})", name, id, facts);
}

bool machine_matches(const nlohmann::json& m, const std::string& query) {
  if (query.empty()) return true;
  if (query == text_of(m, "name") || query == text_of(m, "hostname")) return true;
  std::string id = recorded_machine_id(m);
  return query.size() >= 4 && !id.empty() && id.compare(0, query.size(), query) == 0;
}

std::optional<std::string> machine_mismatch(const nlohmann::json& a, const std::string& a_what, const nlohmann::json& b,
                                            const std::string& b_what) {
  std::string ia = recorded_machine_id(a), ib = recorded_machine_id(b);
  if (ia.empty() || ib.empty() || ia == ib) return std::nullopt;
  return fmt::format(
      "{} was measured on machine {}, but {} on machine {}: numbers from different machines "
      "are not comparable. Measure both on one machine, or pass --any-machine to compare "
      "them anyway",
      a_what, describe_machine(a), b_what, describe_machine(b));
}

std::string require_same_machine(const nlohmann::json& a, const std::string& a_what, const nlohmann::json& b,
                                 const std::string& b_what, bool any_machine) {
  std::optional<std::string> why = machine_mismatch(a, a_what, b, b_what);
  if (!why) return "";
  if (!any_machine) throw Error(*why);
  return fmt::format(
      "--any-machine: {} was measured on machine {} and {} on machine {}; the "
      "result includes the difference between the machines",
      a_what, describe_machine(a), b_what, describe_machine(b));
}

std::string load_difference(const nlohmann::json& a, const std::string& a_what, const nlohmann::json& b,
                            const std::string& b_what) {
  auto load = [](const nlohmann::json& m) -> std::optional<double> {
    auto it = m.find("load1");
    if (it == m.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
  };
  std::optional<double> la = load(a), lb = load(b);
  if (!la || !lb) return "";
  int64_t cores = std::max(int_of(a, "cores"), int_of(b, "cores"));
  double limit = std::max(0.75, static_cast<double>(cores) / 4);
  if (std::fabs(*la - *lb) < limit) return "";
  return fmt::format(
      "warning: {} started under a load average of {:.2f} and {} under {:.2f} ({} cores): separate runs under "
      "different load, so a difference between them may be the machine's, not the code's; measure both sides "
      "interleaved in one run (`hone check --base REV`, `hone compare`) before believing it",
      a_what, *la, b_what, *lb, cores);
}

std::vector<RunRecord> runs_on_machine(Store& store, const std::string& query, int limit) {
  if (query.empty()) return store.list_runs(limit);
  std::vector<RunRecord> out;
  for (RunRecord& r : store.list_runs(-1)) {
    if (limit >= 0 && static_cast<int>(out.size()) >= limit) break;
    if (machine_matches(r.machine, query)) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace hone::fleet
