package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  /** A second node started on a taken API port says so and what to do, not only "Failed to bind". */
  @Test
  void takenPort_isNamedWithTheOptionThatChoosesAnother() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IOException e = assertThrows(IOException.class, () -> new ApiServer("127.0.0.1", taken.getLocalPort(), null));
      assertEquals("cannot serve the API on 127.0.0.1:" + taken.getLocalPort() + ": the port is taken (another svdd "
          + "serve? choose another with --api-port, or 0 for any free one)", e.getMessage());
    }
  }
}
