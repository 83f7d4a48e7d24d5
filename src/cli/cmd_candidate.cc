// hone candidate: the prioritized list of optimization candidates (procedure 1.4) and the
// driver's approval (1.5). Nothing runs that was not approved.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/candidates.h"
#include "loop/driver.h"
#include "loop/worklog.h"
#include "profile/research.h"
#include "util/error.h"
#include "util/words.h"

namespace hone::cli {

namespace {

struct Fields {
  std::string current, proposed, gain, complexity, risk, goal, name;
  std::vector<std::string> plan;
  int64_t builds_on = -1;
};

void add_field_flags(CLI::App* sub, Fields& f) {
  sub->add_option("--current", f.current, "How it works now");
  sub->add_option("--proposed", f.proposed, "How it would work");
  sub->add_option("--gain", f.gain, "Expected gain, e.g. 1.3x");
  sub->add_option("--complexity", f.complexity, "low, medium or high");
  sub->add_option("--risk", f.risk, "What could go wrong");
  sub->add_option("--goal", f.goal, "Specific, measurable outcome (the prompt's Goal)");
  sub->add_option("--plan", f.plan, "An implementation step (repeatable; the prompt's plan)");
  sub->add_option("--builds-on", f.builds_on, "Id of the candidate this one builds on (0: none)");
}

void apply(Store& store, CandidateRecord& c, const Fields& f, bool adding) {
  if (!f.name.empty()) c.name = f.name;
  if (adding || !f.current.empty()) c.current = f.current;
  if (adding || !f.proposed.empty()) c.proposed = f.proposed;
  if (adding || !f.gain.empty()) c.gain = f.gain;
  if (adding || !f.complexity.empty()) c.complexity = loop::check_complexity(f.complexity);
  if (adding || !f.risk.empty()) c.risk = f.risk;
  if (adding || !f.goal.empty()) c.goal = f.goal;
  if (adding || !f.plan.empty()) c.plan = fmt::format("{}", fmt::join(f.plan, "\n"));
  if (f.builds_on >= 0) {
    if (f.builds_on > 0) {
      if (f.builds_on == c.id) fail("candidate {} cannot build on itself", c.id);
      loop::candidate_or_fail(store, f.builds_on);
    }
    c.builds_on = f.builds_on;
  }
}

void show(const CandidateRecord& c, Store& store) {
  fmt::print("#{} {}\n  status:     {}\n", c.id, printable(c.name), c.status);
  auto line = [](const char* k, const std::string& v) {
    if (!v.empty()) fmt::print("  {:<11} {}\n", k, printable(v));
  };
  line("current:", c.current);
  line("proposed:", c.proposed);
  line("gain:", c.gain);
  line("complexity:", c.complexity);
  line("risk:", c.risk);
  line("goal:", c.goal);
  line("plan:", c.plan);
  if (c.builds_on > 0) fmt::print("  builds on:  #{}\n", c.builds_on);
  line("source:", c.source);
  for (const ExperimentRecord& e : store.experiments(c.id))
    fmt::print("  attempt {}:  {} {}{}{}\n", e.id, e.started_at,
               e.stage == Stage::done ? outcome_name(e.outcome) : stage_name(e.stage),
               e.reason.empty() ? "" : " — " + e.reason, e.branch.empty() ? "" : " [" + e.branch + "]");
}

}  // namespace

Action setup_candidate(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    Fields add, edit;
    std::string add_name;
    int64_t id = 0, before = 0;
    std::vector<int64_t> ids;
    std::string which;
  };
  auto st = std::make_shared<State>();
  sub.require_subcommand(1);
  CLI::App* add = sub.add_subcommand("add", "Add a candidate (prints its id); it starts as proposed");
  add->add_option("name", st->add_name, "Name, e.g. \"Compact spans\"")->required();
  add_field_flags(add, st->add);
  CLI::App* list = sub.add_subcommand("list", "ID  STATUS  NAME, in run order");
  CLI::App* showc = sub.add_subcommand("show", "Every field of a candidate and its attempts");
  showc->add_option("id", st->id)->required();
  CLI::App* edit = sub.add_subcommand("edit", "Change fields of a candidate");
  edit->add_option("id", st->id)->required();
  edit->add_option("--name", st->edit.name, "New name");
  add_field_flags(edit, st->edit);
  CLI::App* approve = sub.add_subcommand("approve", "The driver's approval (1.5): these may run");
  approve->add_option("ids", st->ids)->required();
  CLI::App* drop = sub.add_subcommand("drop", "Remove a candidate from the plan (kept in the record)");
  drop->add_option("id", st->id)->required();
  CLI::App* reorder = sub.add_subcommand("reorder", "Move a candidate before another");
  reorder->add_option("id", st->id)->required();
  reorder->add_option("--before", st->before, "The candidate it moves before")->required();
  for (CLI::App* s : {add, list, showc, edit, approve, drop, reorder})
    s->callback([st, s] { st->which = s->get_name(); });

  return [st, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    const std::string& w = st->which;
    bool json = g.format == "json";
    // With --format json, add, edit and drop print the candidate as it now is; approve prints an
    // array of the approved ones; reorder the whole list in its new order.
    auto print_json = [&](int64_t id) {
      fmt::print("{}\n", loop::candidate_json(loop::candidate_or_fail(store, id), store.candidates()).dump(2));
    };
    if (w == "add") {
      CandidateRecord c;
      c.name = st->add_name;
      if (c.name.find_first_not_of(" \t") == std::string::npos) fail("a candidate needs a name");
      apply(store, c, st->add, true);
      c.slug = profile::slugify(c.name).substr(0, 40);
      for (const CandidateRecord& o : store.candidates())
        if (o.slug == c.slug) fail("candidate {} ({}) already has the name '{}'", o.id, o.name, o.slug);
      int64_t id = store.add_candidate(c);
      loop::update_worklog(*cfg, store);
      if (json)
        print_json(id);
      else
        fmt::print("{}\n", id);
    } else if (w == "list") {
      std::vector<CandidateRecord> all = store.candidates();
      if (json) {
        fmt::print("{}\n", loop::candidate_list_json(all).dump(2));
      } else {
        for (const CandidateRecord& c : loop::run_order(all))
          fmt::print("{:<3} {:<9} {}{}\n", c.id, c.status, printable(c.name),
                     c.builds_on > 0 ? fmt::format("  (builds on #{})", c.builds_on) : "");
      }
    } else if (w == "show") {
      CandidateRecord c = loop::candidate_or_fail(store, st->id);
      if (json)
        fmt::print("{}\n", loop::candidate_show_json(c, store.candidates(), store.experiments(c.id)).dump(2));
      else
        show(c, store);
    } else if (w == "edit") {
      CandidateRecord c = loop::candidate_or_fail(store, st->id);
      apply(store, c, st->edit, false);
      // A builds-on cycle is refused before anything is saved.
      std::vector<CandidateRecord> all = store.candidates();
      for (CandidateRecord& o : all)
        if (o.id == c.id) o = c;
      loop::run_order(all);
      store.update_candidate(c);
      loop::update_worklog(*cfg, store);
      if (json) print_json(c.id);
    } else if (w == "approve") {
      for (int64_t id : st->ids) {
        CandidateRecord c = loop::candidate_or_fail(store, id);
        if (c.status == "kept") fail("candidate {} ({}) is already kept", id, c.name);
        c.status = "approved";
        store.update_candidate(c);
      }
      EventRecord e;
      e.kind = "approval";
      e.title = "Candidates approved";
      for (int64_t id : st->ids) e.body += fmt::format("- #{} {}\n", id, loop::candidate_or_fail(store, id).name);
      store.add_event(e);
      loop::update_worklog(*cfg, store);
      if (json) {
        std::vector<CandidateRecord> all = store.candidates();
        nlohmann::json out = nlohmann::json::array();
        for (int64_t id : st->ids) out.push_back(loop::candidate_json(loop::candidate_or_fail(store, id), all));
        fmt::print("{}\n", out.dump(2));
      }
    } else if (w == "drop") {
      CandidateRecord c = loop::candidate_or_fail(store, st->id);
      c.status = "dropped";
      store.update_candidate(c);
      loop::update_worklog(*cfg, store);
      if (json) print_json(c.id);
    } else if (w == "reorder") {
      CandidateRecord c = loop::candidate_or_fail(store, st->id);
      loop::candidate_or_fail(store, st->before);
      c.priority = loop::priority_before(store.candidates(), st->before);
      store.update_candidate(c);
      loop::update_worklog(*cfg, store);
      if (json) fmt::print("{}\n", loop::candidate_list_json(store.candidates()).dump(2));
    }
    return Exit::ok;
  };
}

}  // namespace hone::cli
