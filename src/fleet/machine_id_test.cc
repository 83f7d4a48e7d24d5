#include "fleet/machine_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "util/error.h"

namespace hone::fleet {
namespace {

using ::testing::HasSubstr;

MachineFacts facts() {
  MachineFacts f;
  f.cpu_model = "AMD EPYC 7B13";
  f.cores = 2;
  f.governor = "";
  f.load1 = 0.5;
  f.kernel = "Linux 6.1.0-18-amd64";
  f.hostname = "node-7";
  f.memory = int64_t{8} << 30;
  return f;
}

TEST(MachineId, StableAndIndependentOfLoad) {
  MachineFacts a = facts(), b = facts();
  b.load1 = 7.25;  // load is recorded, never identifying
  nlohmann::json ma = machine_fingerprint(a, "", "", false, "no PMU");
  nlohmann::json mb = machine_fingerprint(b, "", "", false, "no PMU");
  EXPECT_EQ(ma["id"], mb["id"]);
  EXPECT_EQ(ma["id"].get<std::string>().size(), 12u);
  EXPECT_EQ(ma["name"], "node-7");
  EXPECT_EQ(ma["name_from"], "hostname");
  EXPECT_EQ(ma["memory"], int64_t{8} << 30);
  EXPECT_EQ(ma["load1"], 0.5);
  // The id is a pure function of the recorded facts: recomputing it from the stored JSON agrees.
  EXPECT_EQ(machine_id(ma), ma["id"]);
  // A few MiB more or less of MemTotal (another kernel's reservation) is the same machine.
  b.memory -= int64_t{3} << 20;
  EXPECT_EQ(machine_fingerprint(b, "", "", false, "")["id"], ma["id"]);
}

TEST(MachineId, LoadDifferenceWarnsOnlyWhenClear) {
  nlohmann::json a = {{"cores", 2}, {"load1", 0.1}}, b = {{"cores", 2}, {"load1", 0.6}};
  EXPECT_EQ(load_difference(a, "baseline 'default' (run 1)", b, "this check"), "");  // 0.5 < 0.75
  b["load1"] = 1.3;                                                                  // a CPU hog beside one of them
  std::string w = load_difference(a, "baseline 'default' (run 1)", b, "this check");
  EXPECT_NE(w.find("baseline 'default' (run 1) started under a load average of 0.10 and this check under 1.30 (2 "
                   "cores)"),
            std::string::npos)
      << w;
  // On 64 cores, a load of 1 more is noise: the limit is a quarter of the cores.
  a["cores"] = b["cores"] = 64;
  EXPECT_EQ(load_difference(a, "a", b, "b"), "");
  b["load1"] = 20.0;
  EXPECT_NE(load_difference(a, "a", b, "b"), "");
  // A run recorded without its load: nothing to say.
  EXPECT_EQ(load_difference(nlohmann::json::object(), "a", b, "b"), "");
}

TEST(MachineId, EveryIdentifyingFactCounts) {
  const std::string base = machine_fingerprint(facts(), "", "", false, "")["id"];
  auto differs = [&](auto change, bool counters = false) {
    MachineFacts f = facts();
    change(f);
    return machine_fingerprint(f, "", "", counters, "")["id"] != base;
  };
  EXPECT_TRUE(differs([](MachineFacts& f) { f.cpu_model = "Intel Xeon"; }));
  EXPECT_TRUE(differs([](MachineFacts& f) { f.cores = 4; }));
  EXPECT_TRUE(differs([](MachineFacts& f) { f.memory = int64_t{16} << 30; }));
  EXPECT_TRUE(differs([](MachineFacts& f) { f.governor = "powersave"; }));
  EXPECT_TRUE(differs([](MachineFacts& f) { f.kernel = "Linux 6.5"; }));
  EXPECT_TRUE(differs([](MachineFacts& f) { f.hostname = "node-8"; }));
  EXPECT_TRUE(differs([](MachineFacts&) {}, /*counters=*/true));
}

TEST(MachineId, ConfiguredNameStandsForTheHostname) {
  // Two identical nodes given one name are one machine for comparisons.
  MachineFacts a = facts(), b = facts();
  b.hostname = "node-8";
  nlohmann::json ma = machine_fingerprint(a, "epyc-2c", "hone.toml", false, "");
  nlohmann::json mb = machine_fingerprint(b, "epyc-2c", "hone.toml", false, "");
  EXPECT_EQ(ma["id"], mb["id"]);
  EXPECT_EQ(ma["name"], "epyc-2c");
  EXPECT_EQ(ma["name_from"], "hone.toml");
  EXPECT_EQ(mb["hostname"], "node-8");
}

TEST(MachineId, EnvironmentOverridesTheConfig) {
  std::string from;
  unsetenv("HONE_MACHINE");
  EXPECT_EQ(configured_machine_name("ci-large", &from), "ci-large");
  EXPECT_EQ(from, "hone.toml");
  EXPECT_EQ(configured_machine_name("", &from), "");
  EXPECT_EQ(from, "");
  setenv("HONE_MACHINE", "runner-3", 1);
  EXPECT_EQ(configured_machine_name("ci-large", &from), "runner-3");
  EXPECT_EQ(from, "HONE_MACHINE");
  setenv("HONE_MACHINE", "", 1);  // empty = unset
  EXPECT_EQ(configured_machine_name("ci-large", &from), "ci-large");
  unsetenv("HONE_MACHINE");
}

TEST(MachineId, MismatchNamesBothMachinesAndTheWayOut) {
  MachineFacts b = facts();
  b.hostname = "laptop";
  b.cores = 8;
  nlohmann::json ma = machine_fingerprint(facts(), "", "", false, "");
  nlohmann::json mb = machine_fingerprint(b, "", "", false, "");
  EXPECT_EQ(machine_mismatch(ma, "run 1", ma, "run 2"), std::nullopt);
  std::optional<std::string> why = machine_mismatch(ma, "baseline 'default' (run 3)", mb, "this check");
  ASSERT_TRUE(why);
  EXPECT_THAT(*why, HasSubstr("baseline 'default' (run 3) was measured on machine 'node-7' (id " +
                              ma["id"].get<std::string>() + ": AMD EPYC 7B13, 2 cores, 8 GiB"));
  EXPECT_THAT(*why, HasSubstr("but this check on machine 'laptop' (id " + mb["id"].get<std::string>()));
  EXPECT_THAT(*why, HasSubstr("--any-machine"));
  try {
    require_same_machine(ma, "run 1", mb, "run 2", false);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), *machine_mismatch(ma, "run 1", mb, "run 2"));
  }
  EXPECT_THAT(require_same_machine(ma, "run 1", mb, "run 2", true), HasSubstr("--any-machine: run 1"));
  EXPECT_EQ(require_same_machine(ma, "run 1", ma, "run 2", false), "");
}

TEST(MachineId, RunsFromBeforeMachineIdsPairWithAnything) {
  nlohmann::json old = {{"cpu_model", "x"}, {"cores", 2}, {"hostname", "h"}};
  nlohmann::json now = machine_fingerprint(facts(), "", "", false, "");
  EXPECT_EQ(recorded_machine_id(old), "");
  EXPECT_EQ(machine_mismatch(old, "run 1", now, "run 2"), std::nullopt);
  EXPECT_THAT(describe_machine(old), HasSubstr("no machine id"));
}

TEST(MachineId, MatchesNameHostnameOrIdPrefix) {
  nlohmann::json m = machine_fingerprint(facts(), "epyc-2c", "HONE_MACHINE", false, "");
  std::string id = m["id"];
  EXPECT_TRUE(machine_matches(m, "epyc-2c"));
  EXPECT_TRUE(machine_matches(m, "node-7"));
  EXPECT_TRUE(machine_matches(m, id));
  EXPECT_TRUE(machine_matches(m, id.substr(0, 4)));
  EXPECT_FALSE(machine_matches(m, id.substr(0, 3)));  // too short to mean an id
  EXPECT_FALSE(machine_matches(m, "node-8"));
  EXPECT_FALSE(machine_matches(nlohmann::json::object(), "node-7"));
}

}  // namespace
}  // namespace hone::fleet

namespace hone::fleet {
namespace {

TEST(MachineId, RunsOnMachineFiltersBeforeTheLimit) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("hone-fleet-{}", getpid());
  std::filesystem::remove_all(dir);
  {
    Store s = Store::open(dir / "hone.db");
    MachineFacts b = facts();
    b.hostname = "laptop";
    nlohmann::json node = machine_fingerprint(facts(), "", "", false, "");
    nlohmann::json laptop = machine_fingerprint(b, "", "", false, "");
    for (int i = 0; i < 5; ++i) {
      RunRecord r;
      r.kind = "bench";
      r.started_at = fmt::format("2026-12-04T10:00:0{}Z", i);
      r.machine = i == 0 ? node : laptop;  // the oldest run is the only one on node-7
      s.begin_run(r);
    }
    EXPECT_EQ(runs_on_machine(s, "", 3).size(), 3u);
    std::vector<RunRecord> on_node = runs_on_machine(s, "node-7", 1);
    ASSERT_EQ(on_node.size(), 1u);
    EXPECT_EQ(on_node[0].id, 1);
    EXPECT_EQ(runs_on_machine(s, "laptop", 2).size(), 2u);
    EXPECT_EQ(runs_on_machine(s, "laptop", -1).size(), 4u);
    EXPECT_TRUE(runs_on_machine(s, "nowhere", -1).empty());
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hone::fleet
