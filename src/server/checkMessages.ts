// Hand-written messages for the CHECK constraints that span columns or say something their
// definition cannot (migrations/CONVENTIONS.md): the constraint's name -> the API field and the rule.
// Range CHECKs need none: their message comes from src/validation/bounds.ts.

/** Messages for the CHECK constraints that span columns or say something a definition cannot. */
export const CHECK_MESSAGES: Record<string, { field?: string; message: string }> = {
  accounts_max_users_matches_tier: { field: 'maxUsers', message: 'maxUsers must be 4 for a family account and 1 otherwise' },
  users_email_format: { field: 'email', message: 'email must be a valid, lower-case address of at most 320 characters' },
  users_date_of_birth_age: { field: 'dateOfBirth', message: 'dateOfBirth must make the user between 13 and 150 years old' },
  users_display_name_check: { field: 'displayName', message: 'displayName must be 1 to 200 characters' },
  user_preferences_timezone_check: { field: 'timezone', message: 'timezone must be a known time zone name, e.g. Europe/Paris' },
  user_preferences_dashboard_layout_check: { field: 'dashboardLayout', message: 'dashboardLayout must be a JSON object or array' },
  user_preferences_notification_prefs_check: { field: 'notificationPrefs', message: 'notificationPrefs must be a JSON object' },
  connected_devices_sync_cursor_check: { field: 'syncCursor', message: 'syncCursor must be a JSON object' },
  wearable_sleep_end_after_start: { field: 'sleepEnd', message: 'sleepEnd must be after sleepStart' },
  wearable_sleep_hypnogram_check: { field: 'hypnogram', message: 'hypnogram must be a JSON array' },
  wearable_activities_end_after_start: { field: 'endTime', message: 'endTime must not be before startTime' },
  blood_panels_check: { field: 'reportedAt', message: 'reportedAt must not be before collectedAt' },
  epigenetic_tests_check: { field: 'reportedAt', message: 'reportedAt must not be before collectedAt' },
  blood_markers_has_value: { field: 'valueNumeric', message: 'a blood marker needs valueNumeric or valueText' },
  blood_markers_raw_name_check: { field: 'rawName', message: 'rawName must not be blank' },
  blood_markers_value_numeric_finite: { field: 'valueNumeric', message: 'valueNumeric must be a finite number' },
  measurements_value_finite: { field: 'value', message: 'value must be a finite number' },
  custom_metrics_check: { field: 'minValue', message: 'minValue must not be greater than maxValue' },
  custom_metrics_name_check: { field: 'name', message: 'name must be 1 to 200 characters' },
  custom_metric_entries_check: { field: 'valueNumeric', message: 'an entry needs valueNumeric or valueText' },
  custom_metric_entries_value_numeric_check: { field: 'valueNumeric', message: 'valueNumeric must be a finite number' },
  supplements_check: { field: 'endedAt', message: 'endedAt must not be before startedAt' },
  supplements_name_check: { field: 'name', message: 'name must be 1 to 200 characters' },
  goals_check: { field: 'biomarkerId', message: 'a blood_marker goal needs a biomarkerId' },
  goals_check1: { field: 'alertThresholdLow', message: 'alertThresholdLow must not be greater than alertThresholdHigh' },
  biomarker_dictionary_check: { field: 'normalLow', message: 'normalLow must not be greater than normalHigh' },
  biomarker_dictionary_check1: { field: 'optimalLowMale', message: 'optimalLowMale must not be greater than optimalHighMale' },
  biomarker_dictionary_check2: { field: 'optimalLowFemale', message: 'optimalLowFemale must not be greater than optimalHighFemale' },
};

