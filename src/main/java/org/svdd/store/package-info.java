/**
 * Durable jobs: job records, finished samples and population checkpoints in a real database (an
 * embedded H2 file by default, PostgreSQL for a cluster) over plain JDBC. Imports core only; the API
 * layer turns its records into protobuf.
 */
package org.svdd.store;
