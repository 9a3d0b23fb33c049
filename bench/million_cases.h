#pragma once

// The generated case load that the statistics and import benchmarks share: by default
// 1,000,000 cases (set OPENNRM_BENCH_CASES for a quicker run, e.g. 100000). It is generated
// once per bench process into a fresh temporary directory, removed at exit, rather than cached
// under build/: the import benchmark has to import it anyway, and the import produces the
// database the statistics benchmark reads.

#include <cstddef>
#include <string>
#include <vector>

namespace opennrm::bench {

std::size_t bench_case_count();

// The cases as `opennrm import cases` reads them (seed 1, CETS 197 minimum policy).
const std::string& cases_file();

// The database `opennrm import cases` made of cases_file(); imported, untimed, on first use
// when the import benchmark did not run.
const std::string& imported_database();
// Called by the import benchmark with the database it made.
void set_imported_database(const std::string& path);

// A fresh path in the benchmarks' temporary directory.
std::string temp_path(const std::string& name);

// Runs a command line through the shell with standard output to `out_path`; the exit status.
int run_command(const std::vector<std::string>& words, const std::string& out_path);

}  // namespace opennrm::bench
