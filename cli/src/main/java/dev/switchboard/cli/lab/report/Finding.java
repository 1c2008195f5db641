package dev.switchboard.cli.lab.report;

/**
 * One line of an experiment's summary: what was measured here, beside what the cited source
 * published for the same question.
 *
 * @param what the quantity, e.g. "p99.9 latency, hedged after 10 ms"
 * @param measured the figure this run measured, with its unit
 * @param published the source's figure, with its unit
 * @param source the source, short (the report lists the full reference)
 */
public record Finding(String what, String measured, String published, String source) {}
