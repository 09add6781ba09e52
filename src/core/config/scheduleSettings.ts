/** The learning-rate schedule as the settings spell it (four fields) and as the trainer takes it (one value). */
import type { LearningRateSchedule } from '../training/schedule';
import { defaultSettings, type Settings } from './fields';

type ScheduleFields = Pick<Settings, 'schedule' | 'warmup' | 'plateauFactor' | 'plateauPatience'>;

/** The schedule the settings describe; the fields of the other schedules are left out. */
export function scheduleOf(settings: ScheduleFields): LearningRateSchedule {
  switch (settings.schedule) {
    case 'constant':
      return { kind: 'constant' };
    case 'oneCycle':
      return { kind: 'oneCycle', warmupFraction: settings.warmup };
    case 'cosine':
      return { kind: 'cosine' };
    case 'plateau':
      return { kind: 'plateau', factor: settings.plateauFactor, patience: settings.plateauPatience };
  }
}

/**
 * The settings for a schedule (a preset's): its kind and its own figures, the other schedules'
 * fields at their defaults (so a preset switch leaves nothing of the last preset's schedule in the link).
 */
export function scheduleFields(schedule: LearningRateSchedule): ScheduleFields {
  const { warmup, plateauFactor, plateauPatience } = defaultSettings();
  const fields: ScheduleFields = { schedule: schedule.kind, warmup, plateauFactor, plateauPatience };
  if (schedule.kind === 'oneCycle') fields.warmup = schedule.warmupFraction;
  if (schedule.kind === 'plateau') {
    fields.plateauFactor = schedule.factor;
    fields.plateauPatience = schedule.patience;
  }
  return fields;
}

/** Whether two schedules move the rate alike (a figure of a schedule not in use does not count). */
export function sameSchedule(a: LearningRateSchedule, b: LearningRateSchedule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
