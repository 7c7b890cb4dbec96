// The thresholds are a user setting, so their schema and defaults live with the settings in
// src-shared; the local engine reads them from there.
export {
  DEFAULT_LOCAL_THRESHOLDS,
  localThresholdsSchema,
  type LocalThresholds,
} from '../../../../src-shared/domain/local-thresholds'
