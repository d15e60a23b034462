package org.svdd.store;

/**
 * A job as stored: its spec (the API's JSON form, opaque here), its state name, the failure reason if
 * any, and when it was accepted.
 */
public record StoredJob(String id, String spec, String state, String error, long submittedAtMs) {}
