-- bronze_parsed: each bronze row once, its raw values as strings beside their parsed values.
-- Exports carry strings or native types; both become the same raw strings here.
-- A *Value column is NULL when the raw value is NULL, blank (empty or only spaces) or does not
-- parse. The raw StudentEmail goes no further than this view: only its mask does.
SELECT
  StudentID,
  CourseID,
  LoginTime,
  ProgressPercentage,
  EngagementScore,
  LastModifiedDate,
  NULLIF(TRIM(StudentID), '') AS StudentIDValue,
  NULLIF(TRIM(CourseID), '') AS CourseIDValue,
  MASK_EMAIL(StudentEmail) AS StudentEmailMasked,
  PARSE_TIMESTAMP(LoginTime) AS LoginTimeValue,
  PARSE_DECIMAL(ProgressPercentage) AS ProgressPercentageValue,
  PARSE_WHOLE_NUMBER(EngagementScore) AS EngagementScoreValue,
  PARSE_TIMESTAMP(LastModifiedDate) AS LastModifiedDateValue
FROM (
  SELECT
    CAST(StudentID AS STRING) AS StudentID,
    CAST(CourseID AS STRING) AS CourseID,
    CAST(StudentEmail AS STRING) AS StudentEmail,
    CAST(LoginTime AS STRING) AS LoginTime,
    CAST(ProgressPercentage AS STRING) AS ProgressPercentage,
    CAST(EngagementScore AS STRING) AS EngagementScore,
    CAST(LastModifiedDate AS STRING) AS LastModifiedDate
  FROM ${bronze}
)
