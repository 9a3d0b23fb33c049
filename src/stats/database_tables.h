#pragma once

// The tables of statistics.md computed by the database: SQL GROUP BY over the case store's
// fact tables (store/fact_tables.h), whose counts fill the same TableBuilder layouts as
// build_table(), so that a table over a million cases never loads a case into memory.

#include <string_view>

#include "core/error.h"
#include "stats/population.h"
#include "stats/table.h"
#include "stats/victim_tables.h"
#include "store/sqlite.h"

namespace opennrm::stats {

// Counts the stored cases that match the request into its table; `jurisdiction_country` is the
// database policy's, for the citizenship groups. sdg_16_2_2 needs the population, other tables
// ignore it. Gives the same table as build_table() over the victim_facts() of those cases.
ErrorOr<Table> query_table(store::Connection& db, const TableRequest& request,
                           std::string_view jurisdiction_country,
                           const Population* population = nullptr);

}  // namespace opennrm::stats
