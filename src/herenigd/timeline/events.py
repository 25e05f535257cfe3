"""The timeline vocabulary as plain data (product.md 'Timeline event'), for the pure modules
(rule engine, generators) that must not import Django. `vocab.EventType` labels the same values;
a test keeps them equal."""

EVENT_TYPES = (
    "permit_granted",
    "application_filed",
    "evidence_interview",
    "decision",
    "objection_filed",
    "mvv_issued",
    "separated",
    "arrival",
    "registration_centre_report",
    "brp_registered",
    "residence_document_issued",
    "residence_document_collected",
    "health_insurance_started",
    "moved",
    "family_home_assigned",
    "gp_registered",
    "school_registered",
    "jgz_intake",
    "intake_completed",
    "information_session",
    "guidance_started",
    "guidance_ended",
    "guardianship_ended",
    "pregnancy",
    "birth",
    "separation_of_partners",
    "independent_permit_requested",
    "moved_out_of_municipality",
)
