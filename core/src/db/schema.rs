//! The diesel table definitions, written by hand once for both backends (`print-schema`
//! differs per backend). Must match `migrations/postgres` and `migrations/sqlite`.

diesel::table! {
    questionnaires (id) {
        id -> BigInt,
        form_id -> Text,
        version -> Text,
        title -> Text,
        compiled -> Text,
        source_sha256 -> Text,
        created_at_ms -> BigInt,
    }
}

diesel::table! {
    surveys (id) {
        id -> BigInt,
        name -> Text,
        round -> Integer,
        state -> Text,
        questionnaire_id -> Nullable<BigInt>,
        created_at_ms -> BigInt,
        /// When the round went into the field (migration 000005).
        fielding_started_at_ms -> Nullable<BigInt>,
        /// Monitoring settings (migration 000007).
        complete_threshold -> Integer,
        partial_threshold -> Integer,
        eligibility_rate -> Nullable<Double>,
        lag_threshold -> Nullable<Double>,
        fieldwork_days -> Integer,
        cost_fixed -> Double,
        cost_per_letter -> Double,
        cost_per_email -> Double,
        cost_per_incentive -> Double,
        currency -> Text,
    }
}

diesel::table! {
    strata (id) {
        id -> BigInt,
        survey_id -> BigInt,
        code -> Text,
        label -> Text,
        population -> BigInt,
        sample_size -> BigInt,
        /// From the strata file, if it has one (migration 000006).
        target_response_rate -> Nullable<Double>,
    }
}

diesel::table! {
    cases (id) {
        id -> BigInt,
        survey_id -> BigInt,
        stratum_id -> BigInt,
        person_id -> Text,
        design_weight -> Double,
        language -> Nullable<Text>,
        auxiliaries -> Text,
        state -> Text,
        disposition -> Text,
        created_at_ms -> BigInt,
        updated_at_ms -> BigInt,
        /// A code a manager set (migration 000004); not part of `CaseRow`, so the
        /// respondent's statements stay as they are.
        manual_disposition -> Nullable<Text>,
    }
}

diesel::table! {
    contacts (case_id) {
        case_id -> BigInt,
        first_name -> Text,
        last_name -> Text,
        care_of -> Text,
        street -> Text,
        postcode -> Text,
        city -> Text,
        email -> Nullable<Text>,
        phone -> Text,
    }
}

diesel::table! {
    access_codes (id) {
        id -> BigInt,
        case_id -> BigInt,
        code_hash -> Text,
        key_id -> Text,
        created_at_ms -> BigInt,
    }
}

diesel::table! {
    responses (case_id) {
        case_id -> BigInt,
        questionnaire_id -> BigInt,
        answers -> Text,
        version -> BigInt,
        furthest_page -> Nullable<Integer>,
        language -> Text,
        started_at_ms -> BigInt,
        updated_at_ms -> BigInt,
        submitted_at_ms -> Nullable<BigInt>,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        case_id -> BigInt,
        kind -> Text,
        page -> Nullable<Text>,
        language -> Nullable<Text>,
        at_ms -> BigInt,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        survey_id -> BigInt,
        state -> Text,
        rows_read -> BigInt,
        rows_imported -> BigInt,
        error_count -> BigInt,
        errors -> Text,
        bytes_total -> BigInt,
        bytes_read -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at_ms -> BigInt,
        updated_at_ms -> BigInt,
        finished_at_ms -> Nullable<BigInt>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        token_version -> BigInt,
        created_at_ms -> BigInt,
        updated_at_ms -> BigInt,
    }
}

diesel::table! {
    survey_grants (user_id, survey_id) {
        user_id -> BigInt,
        survey_id -> BigInt,
        granted_at_ms -> BigInt,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at_ms -> BigInt,
        actor_user_id -> Nullable<BigInt>,
        action -> Text,
        target_kind -> Text,
        target_id -> Nullable<BigInt>,
        detail -> Text,
    }
}

diesel::table! {
    disposition_changes (id) {
        id -> BigInt,
        case_id -> BigInt,
        from_code -> Text,
        to_code -> Text,
        reason -> Text,
        changed_by -> Nullable<BigInt>,
        at_ms -> BigInt,
    }
}

diesel::table! {
    contact_plans (survey_id) {
        survey_id -> BigInt,
        plan -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at_ms -> BigInt,
    }
}

diesel::table! {
    print_batches (id) {
        id -> BigInt,
        survey_id -> BigInt,
        step -> Text,
        letters -> BigInt,
        created_at_ms -> BigInt,
        handed_over_at_ms -> Nullable<BigInt>,
        handed_over_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    contact_attempts (id) {
        id -> BigInt,
        survey_id -> BigInt,
        case_id -> BigInt,
        step -> Text,
        channel -> Text,
        state -> Text,
        tries -> Integer,
        next_try_at_ms -> BigInt,
        lease_until_ms -> Nullable<BigInt>,
        leased_by -> Nullable<Text>,
        batch_id -> Nullable<BigInt>,
        sealed_code -> Nullable<Text>,
        sent_at_ms -> Nullable<BigInt>,
        error -> Nullable<Text>,
        created_at_ms -> BigInt,
        updated_at_ms -> BigInt,
    }
}

diesel::table! {
    contact_step_progress (survey_id, step) {
        survey_id -> BigInt,
        step -> Text,
        fired_at_ms -> Nullable<BigInt>,
        counted_until_ms -> Nullable<BigInt>,
        changes_until_ms -> Nullable<BigInt>,
    }
}

diesel::table! {
    background_jobs (id) {
        id -> BigInt,
        kind -> Text,
        payload -> Text,
        dedupe_key -> Nullable<Text>,
        state -> Text,
        run_at_ms -> BigInt,
        lease_until_ms -> Nullable<BigInt>,
        leased_by -> Nullable<Text>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        created_at_ms -> BigInt,
    }
}

diesel::table! {
    job_files (job_id, part, seq) {
        job_id -> BigInt,
        part -> Text,
        seq -> Integer,
        data -> Binary,
    }
}

diesel::joinable!(surveys -> questionnaires (questionnaire_id));
diesel::table! {
    /// Cases and design weights per stratum, auxiliary category and pair of codes, kept by
    /// triggers on `cases` (migration 000006).
    monitoring_counts (survey_id, stratum_id, variable, category, disposition, manual_code) {
        survey_id -> BigInt,
        stratum_id -> BigInt,
        variable -> Text,
        category -> Text,
        disposition -> Text,
        manual_code -> Text,
        cases -> BigInt,
        weight -> Double,
    }
}

diesel::table! {
    /// Each stratum's figures at the end of each day of fieldwork (migration 000007).
    monitoring_days (survey_id, day, stratum_id) {
        survey_id -> BigInt,
        day -> Text,
        stratum_id -> BigInt,
        counts -> Text,
        weighted_counts -> Text,
        letters -> BigInt,
        emails -> BigInt,
        as_of_ms -> BigInt,
    }
}

diesel::table! {
    /// Contacts sent per stratum and channel, kept by a trigger on `contact_attempts`
    /// (migration 000007); read summed.
    monitoring_contacts (survey_id, stratum_id, channel) {
        survey_id -> BigInt,
        stratum_id -> BigInt,
        channel -> Text,
        sent -> BigInt,
    }
}

diesel::joinable!(strata -> surveys (survey_id));
diesel::joinable!(cases -> surveys (survey_id));
diesel::joinable!(cases -> strata (stratum_id));
diesel::joinable!(contacts -> cases (case_id));
diesel::joinable!(access_codes -> cases (case_id));
diesel::joinable!(responses -> cases (case_id));
diesel::joinable!(events -> cases (case_id));
diesel::joinable!(jobs -> surveys (survey_id));
diesel::joinable!(survey_grants -> users (user_id));
diesel::joinable!(survey_grants -> surveys (survey_id));
diesel::joinable!(audit_log -> users (actor_user_id));
diesel::joinable!(disposition_changes -> cases (case_id));
diesel::joinable!(contact_plans -> surveys (survey_id));
diesel::joinable!(print_batches -> surveys (survey_id));
diesel::joinable!(contact_attempts -> cases (case_id));
diesel::joinable!(contact_attempts -> print_batches (batch_id));
diesel::joinable!(job_files -> jobs (job_id));

diesel::allow_tables_to_appear_in_same_query!(
    questionnaires,
    surveys,
    strata,
    cases,
    contacts,
    access_codes,
    responses,
    events,
    jobs,
    users,
    survey_grants,
    audit_log,
    disposition_changes,
    contact_plans,
    print_batches,
    contact_attempts,
    contact_step_progress,
    background_jobs,
    job_files,
    monitoring_counts,
    monitoring_days,
    monitoring_contacts,
);
