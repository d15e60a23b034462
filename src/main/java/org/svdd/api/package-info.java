/**
 * The edge: job specifications in protobuf (proto/svdd/v1), their JSON form, defaults and validation,
 * and the mapping to the domain's {@link org.svdd.core.method.SamplingPlan}. Protobuf stays here.
 *
 * <p>How a job goes through an api node: {@link org.svdd.api.SamplingGrpcService} (behind {@link
 * org.svdd.api.ApiServer}'s token and TLS checks) hands requests to {@link org.svdd.api.JobRegistry}, which answers
 * them. A new spec passes {@link org.svdd.api.JobAdmission} (rules, size limits, the client's share) once; the job
 * is stored and submitted to the engine, and its events go through {@link org.svdd.api.JobEvents} to the store and
 * its watchers. {@link org.svdd.api.KnownJobs} holds what the node keeps in memory; {@link
 * org.svdd.api.JobTakeovers} keeps the node's leases ({@link org.svdd.api.JobLeases}), so api nodes that share a
 * store take over each other's jobs; {@link org.svdd.api.WatchRefresh} keeps watchers told of jobs followed
 * elsewhere and of why jobs wait; {@link org.svdd.api.JobMeters} reports jobs to Prometheus.
 */
package org.svdd.api;
