package dev.shipproof.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;

/** The local parts of the demo: an OCI layout, a trusted root and a seeded bare git repo. */
final class DemoWorld {
  static final String OVERLAY = "apps/api/overlays/production/kustomization.yaml";

  static final String KUSTOMIZATION =
      """
      # Production overlay of the api service. Shipproof pins the image below by digest.
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources:
        - ../../base   # Deployment and Service shared by every environment
      images:
        - name: localhost:5000/acme/api
          newTag: "0.9.0"   # tags are labels; a promotion replaces this with a digest
      """;

  private static final String BASE_KUSTOMIZATION =
      """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources:
        - deployment.yaml
      """;

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        replicas: 2
        selector:
          matchLabels: {app: api}
        template:
          metadata:
            labels: {app: api}
          spec:
            containers:
              - name: api
                image: localhost:5000/acme/api
      """;

  final Path root;
  final Path layout;
  final Path trustedRoot;
  final Path bareRepo;

  private DemoWorld(Path root) {
    this.root = root;
    this.layout = root.resolve("oci-layout");
    this.trustedRoot = root.resolve("trusted_root.json");
    this.bareRepo = root.resolve("deploy.git");
  }

  static DemoWorld create() throws IOException, GitAPIException {
    DemoWorld world = new DemoWorld(Files.createTempDirectory("shipproof-demo-"));
    copyResourceTree("demo/oci/complete", world.layout);
    copyResource("demo/trust/trusted_root.json", world.trustedRoot);
    world.seedRepo();
    return world;
  }

  String repoUrl() {
    return bareRepo.toUri().toString();
  }

  private void seedRepo() throws IOException, GitAPIException {
    Git.init()
        .setBare(true)
        .setInitialBranch("main")
        .setDirectory(bareRepo.toFile())
        .call()
        .close();
    Path seed = root.resolve("seed");
    try (Git git = Git.cloneRepository().setURI(repoUrl()).setDirectory(seed.toFile()).call()) {
      write(seed.resolve("apps/api/base/kustomization.yaml"), BASE_KUSTOMIZATION);
      write(seed.resolve("apps/api/base/deployment.yaml"), DEPLOYMENT);
      write(seed.resolve(OVERLAY), KUSTOMIZATION);
      git.add().addFilepattern(".").call();
      PersonIdent platform = new PersonIdent("Platform Team", "platform@example.com");
      git.commit()
          .setMessage("api: production overlay")
          .setAuthor(platform)
          .setCommitter(platform)
          .call();
      // A clone of an empty repository may not know the remote's initial branch: name it.
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = resource(name).openStream()) {
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Copies a resource directory, whether it lives in a jar or in a classes directory. */
  private static void copyResourceTree(String name, Path target) throws IOException {
    URI uri;
    try {
      uri = resource(name).toURI();
    } catch (URISyntaxException e) {
      throw new IOException("bad resource URI for " + name, e);
    }
    if ("jar".equals(uri.getScheme())) {
      try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
        copyTree(fs.provider().getPath(uri), target);
      }
    } else {
      copyTree(Path.of(uri), target);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path dest = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static URL resource(String name) throws IOException {
    URL url = Thread.currentThread().getContextClassLoader().getResource(name);
    if (url == null) {
      throw new IOException("demo resource " + name + " is missing from the build");
    }
    return url;
  }
}
