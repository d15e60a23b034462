/**
 * The edge: job specifications in protobuf (proto/svdd/v1), their JSON form, defaults and validation,
 * and the mapping to the domain's {@link org.svdd.core.method.SamplingPlan}. Protobuf stays here.
 */
package org.svdd.api;
