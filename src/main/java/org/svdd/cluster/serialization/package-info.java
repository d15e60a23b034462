/** Kryo serialization of the messages that cross nodes, plugged into Pekko's serialization. */
package org.svdd.cluster.serialization;
