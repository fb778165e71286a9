package dev.chorus.identity;

import java.util.List;

/**
 * What a merge did: every account of {@code from} now belongs to {@code into}; {@code from} stays
 * addressable (it records where it went).
 */
public record MergeResult(Person into, String from, List<Account> moved) {}
