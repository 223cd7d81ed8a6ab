// Plain-language title and body for each finding, from fixed templates: they state the number of
// days, the coefficients, the lag in words, the 95 % interval, the adjusted p and what the finding
// cannot say (an association is not a cause).
import type { InterventionTest } from './interventions';
import type { CorrelationFinding, DailySeries } from './types';

const LAG_WORDS = ['the same day', 'the next day', 'two days later', 'three days later', 'four days later', 'five days later', 'six days later', 'seven days later'];

export function lagInWords(lag: number): string {
  return LAG_WORDS[lag] ?? `${lag} days later`;
}

export function formatCoefficient(value: number): string {
  return value.toFixed(2).replace(/^-0\.00$/, '0.00');
}

export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return `= ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

function formatAmount(value: number, unit: string | null, signed = false): string {
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  const text = `${signed && value > 0 ? '+' : ''}${value.toFixed(digits)}`;
  return unit ? `${text} ${unit}` : text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function leadPhrase(s: DailySeries): string {
  return s.kind === 'binary' ? capitalise(s.label) : `Higher ${s.label}`;
}

function followPhrase(s: DailySeries, positive: boolean): string {
  if (s.kind === 'binary') return `${positive ? 'more' : 'fewer'} days with ${s.label}`;
  return `${positive ? 'higher' : 'lower'} ${s.label}`;
}

/** `lead` is the series whose day comes first (A), `follow` the one `lag` days later (B). */
export function correlationText(lead: DailySeries, follow: DailySeries, test: Omit<CorrelationFinding, 'title' | 'body'>, testsRun: number): { title: string; body: string } {
  const { lagDays: lag, pAdjusted } = test;
  const positive = test.spearmanRho > 0;
  const title = `${leadPhrase(lead)} goes with ${followPhrase(follow, positive)} ${lagInWords(lag)}`;
  const body =
    `Over ${test.n} paired days, ${lead.label} and ${follow.label} ${lagInWords(lag)} moved ${positive ? 'together' : 'in opposite directions'}: ` +
    `Spearman's rho = ${formatCoefficient(test.spearmanRho)} (Pearson's r = ${formatCoefficient(test.pearsonR)}), ` +
    `95 % interval ${formatCoefficient(test.ciLow)} to ${formatCoefficient(test.ciHigh)}. ` +
    `Neighbouring days are alike, so the test counts these n = ${test.n} days as about ${Math.round(test.nEffective)} independent ones; ` +
    `adjusted for all ${testsRun} tests run on your data (Benjamini-Hochberg), p ${formatP(pAdjusted)}. ` +
    `This is an association, not causation: based on ${test.n} days, and something else may drive both.`;
  return { title, body };
}

const INTERVENTION_WORDS = { supplement_start: 'you started', supplement_stop: 'you stopped', goal_set: 'you set the goal' } as const;

export function interventionText(test: InterventionTest, pAdjusted: number, testsRun: number): { title: string; body: string } {
  const { series: s, intervention } = test;
  const after = `after ${INTERVENTION_WORDS[intervention.kind]} ${intervention.label}`;
  const title = `${capitalise(s.label)} was ${test.difference > 0 ? 'higher' : 'lower'} ${after}`;
  const body =
    `Your mean ${s.label} was ${formatAmount(test.meanBefore, s.unit)} on ${test.nBefore} days before and ${formatAmount(test.meanAfter, s.unit)} on ${test.nAfter} days ${after}: ` +
    `a difference of ${formatAmount(test.difference, s.unit, true)} (95 % interval ${formatAmount(test.ciLow, s.unit, true)} to ${formatAmount(test.ciHigh, s.unit, true)}; Hedges' g = ${formatCoefficient(test.effectSize)}). ` +
    `${test.method}, adjusted for all ${testsRun} tests run on your data (Benjamini-Hochberg): p ${formatP(pAdjusted)}. ` +
    `A before/after comparison, not causation: based on ${test.nBefore + test.nAfter} days, and other changes at the same time may explain it.`;
  return { title, body };
}
