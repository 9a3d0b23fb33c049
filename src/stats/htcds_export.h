#pragma once

// A case export in the field names of the Human Trafficking Case Data Standard (HTCDS) v2.0,
// for agencies that exchange case data with systems built on that standard. HTCDS is published
// by the International Organization for Migration (IOM) under CC BY 4.0; the fields used here
// are listed, with their provenance, in data/htcds-2.0-fields.csv. IOM does not endorse
// OpenNRM: the export only writes a format that HTCDS-based systems can read.
//
// One record a case, from the case store's fact tables (never replaying a history):
// - HTCDS fields: `cas_Status` (Active, or Closed while the case is closed),
//   `vic_TraffickingStatus` (ActualVictimOfTrafficking while a positive conclusive-grounds
//   decision stands, NotAVictimOfTrafficking after a negative decision, otherwise
//   PossibleVictimOfTrafficking), `prs_Gender` (female Feminine, male Masculine, other
//   NonConforming, unknown NonSpecifiedUnknown), `prs_Citizenship` (the ISO codes recorded, in
//   order; `stateless` has no code and is opennrm_Stateless), `vic_TypeOfExploitation` (the
//   forms mapped to HTCDS values: domestic_servitude Servitude, illegal_adoption ForcedAdoption,
//   surrogacy_exploitation Surrogacy, forced_criminality and other Other, the rest by name),
//   `hte_Type` and `hte_Country` (the historic trafficking event of type Exploitation and its
//   countries, `hte_Type` empty without one).
// - OpenNRM fields, where HTCDS has none or loses detail: `opennrm_CaseNumber`,
//   `opennrm_IdentifiedOn`, `opennrm_IdentifyingAgencyType`, `opennrm_AgeGroup` (at
//   identification), `opennrm_ResidenceStatus`, `opennrm_Stage`, `opennrm_Forms` (the rulebook's
//   forms), `opennrm_Trafficking` (internal, transnational, unknown), `opennrm_Stateless`.
// Multi-valued fields are JSON arrays, or in CSV their values joined by `;` (as HTCDS
// multi-select picklists are exchanged). Free text (closure reasons, offences) is never
// exported: it may name people.
//
// Identity fields (names, birth date, identity number) are never exported unless the caller
// passes `identity_fields_for_authorised_caller`, which only the server may do, for a caller
// allowed to see the identities concerned.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/sqlite.h"

namespace opennrm::stats {

enum class HtcdsFormat { csv, json };

// The exported fields of a case, in column order.
const std::vector<std::string_view>& htcds_case_fields();
// The HTCDS identity fields an authorised caller may add, in column order after the others.
const std::vector<std::string_view>& htcds_identity_fields();

// A case's identity fields by HTCDS name (a subset of htcds_identity_fields(); a field left out
// is empty).
using HtcdsIdentity = std::map<std::string, std::string, std::less<>>;

struct HtcdsExportOptions {
  // Unset (the default, and always on the command line): no identity column at all. Set only
  // by the server for a caller entitled to the identities of every exported case; called with
  // each case's id.
  std::function<ErrorOr<HtcdsIdentity>(int64_t case_id)> identity_fields_for_authorised_caller;
};

// Writes every stored case, ordered by case id: a CSV with a header line, or a JSON array of
// objects. Returns the number of cases written.
ErrorOr<std::size_t> export_htcds(store::Connection& db, HtcdsFormat format, std::ostream& out,
                                  const HtcdsExportOptions& options = {});

}  // namespace opennrm::stats
