package org.svdd.cli;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Several api nodes as one gRPC target: {@code --server a:50051,b:50052} becomes the target
 * {@code svdd-api:///a:50051,b:50052}, whose addresses a channel tries in order (pick-first) and fails
 * over between when one node is down. A single address stays a plain target.
 */
final class ApiAddresses extends NameResolverProvider {
  static final String SCHEME = "svdd-api";

  static {
    NameResolverRegistry.getDefaultRegistry().register(new ApiAddresses());
  }

  private ApiAddresses() {}

  /** The gRPC target for a comma-separated list of host:port, refusing a malformed entry by name. */
  static String target(String servers) {
    List<InetSocketAddress> parsed = parse(servers);
    return parsed.size() == 1 ? servers.strip() : SCHEME + ":///" + servers.replace(" ", "");
  }

  static List<InetSocketAddress> parse(String servers) {
    return parse("--server", servers);
  }

  /** Comma-separated host:port, each port 1..65535; a malformed entry is refused naming {@code option}. */
  static List<InetSocketAddress> parse(String option, String servers) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String entry : servers.split(",")) {
      String hostPort = entry.strip();
      int colon = hostPort.lastIndexOf(':');
      int port = -1;
      try {
        port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : -1;
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(option + ": '" + hostPort + "' is not host:port");
      }
      out.add(InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port));
    }
    return out;
  }

  @Override
  public NameResolver newNameResolver(URI target, NameResolver.Args args) {
    if (!SCHEME.equals(target.getScheme())) {
      return null;
    }
    List<InetSocketAddress> addresses = parse(target.getPath().substring(1));
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return addresses.get(0).getHostString();
      }

      @Override
      public void start(Listener2 listener) {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
          SocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
          groups.add(new EquivalentAddressGroup(resolved));
        }
        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
      }

      @Override
      public void shutdown() {}
    };
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }
}
