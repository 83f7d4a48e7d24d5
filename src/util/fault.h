#pragma once
// Fault injection for crash-safety tests (hidden; docs/contributing.md): when the environment
// variable HONE_FAULT names a kill point, hone SIGKILLs itself on reaching it, exactly as a
// power cut or `kill -9` at that step would. Unset (always, for users), a point costs one getenv.
namespace hone::fault {

// Kills this process with SIGKILL when HONE_FAULT equals name.
void point(const char* name);
// Whether HONE_FAULT equals name (for a point that must fire from elsewhere, e.g. while a child
// process runs).
bool armed(const char* name);

}  // namespace hone::fault
