package org.svdd.cluster;

/**
 * Marks a message that may cross nodes. Serialization binds this interface to the Kryo serializer
 * (reference.conf); every public protocol record of the actors implements it, which a test enforces.
 */
public interface ClusterMessage {}
