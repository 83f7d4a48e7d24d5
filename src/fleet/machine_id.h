#pragma once
// Machines are part of the data. Every run records a fingerprint of the machine it was measured
// on (CPU model, cores, memory, governor, kernel, whether counters exist, and a name: the one
// configured, else the hostname) with a short id derived from those facts only, never from load
// or time. Numbers from two runs are compared only when both runs carry the same id, unless the
// user says otherwise (--any-machine); the refusal names both machines.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "measure/machine.h"
#include "store/store.h"

namespace hone::fleet {

// The name a run records: HONE_MACHINE when set and not empty, else `configured` ([machine] name
// of hone.toml), else "". `source` (may be null) gets "HONE_MACHINE", "hone.toml" or "".
std::string configured_machine_name(const std::string& configured, std::string* source = nullptr);

// The `machine` object of a run: the facts, `name` (the configured name, else the hostname),
// `name_from` ("HONE_MACHINE", "hone.toml" or "hostname") and `id` (machine_id of the facts).
// `load1` is recorded but never part of the id.
nlohmann::json machine_fingerprint(const MachineFacts& f, const std::string& configured_name,
                                   const std::string& name_source, bool counters, const std::string& counters_reason);

// 12 hex digits of a hash of the identifying facts: name, cpu_model, cores, memory (whole GiB),
// governor, kernel, counters. A configured name stands for the hostname, so identical nodes of a
// cluster given one name share an id. Never the load or a time.
std::string machine_id(const nlohmann::json& machine);

// The run's machine id: its recorded `id`, or "" for a run recorded before hone recorded ids.
std::string recorded_machine_id(const nlohmann::json& machine);

// "ci-1 (id 4f2a91c03b7e: Intel Xeon ..., 2 cores, 8 GiB, Linux 6.1.0-18-amd64)".
std::string describe_machine(const nlohmann::json& machine);

// Whether `query` names the machine: its name, hostname, or a prefix (4+ digits) of its id.
bool machine_matches(const nlohmann::json& machine, const std::string& query);

// nullopt when the two sides may be compared: same id, or either side recorded before hone kept
// machine ids (nothing to tell them apart). Else the refusal, naming both machines, what each
// side is ("baseline 'default' (run 3)", "this machine") and the way out (--any-machine).
std::optional<std::string> machine_mismatch(const nlohmann::json& a, const std::string& a_what, const nlohmann::json& b,
                                            const std::string& b_what);
// Throws hone::Error with machine_mismatch's text unless any_machine; returns a note to show
// when any_machine let a mismatch through ("" when the machines match).
std::string require_same_machine(const nlohmann::json& a, const std::string& a_what, const nlohmann::json& b,
                                 const std::string& b_what, bool any_machine);

// A warning when two runs measured separately ran under clearly different load (their one-minute
// load averages, recorded at each run's start, differ by max(0.75, cores / 4) or more): the
// difference between them may be the machine's, not the code's. "" when the loads are close or
// either is not recorded.
std::string load_difference(const nlohmann::json& a, const std::string& a_what, const nlohmann::json& b,
                            const std::string& b_what);

// The newest `limit` runs (limit < 0: all) measured on the machine `query` names (machine_matches);
// every run when query is empty.
std::vector<RunRecord> runs_on_machine(Store& store, const std::string& query, int limit);

}  // namespace hone::fleet
