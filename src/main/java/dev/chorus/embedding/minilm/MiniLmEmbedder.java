package dev.chorus.embedding.minilm;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.Vectors;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions) running in process through ONNX Runtime, from the model that
 * LangChain4j ships inside its Maven artifact: no service, no network, nothing downloaded at run
 * time. About 2–3 ms per sentence on one core here. One instance is shared per process ({@link
 * #shared()}).
 *
 * <p>The model is unpacked from the class path to a file once ({@link #unpackedModel}) and ONNX
 * Runtime maps it from there: read through the Java heap instead (as LangChain4j's own model class
 * does), its 90 MB pass through a growing byte buffer and peak near 250 MB, which failed with
 * {@code OutOfMemoryError} in a 256 MB heap — inside a static initializer, so the model stayed
 * unusable for the life of the process.
 *
 * <p>The tokenizer's native library is unpacked under {@code ~/.djl.ai} on first use, so the home
 * directory must be writable.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final String MODEL_ID = "all-minilm-l6-v2/1";
  public static final int DIMENSIONS = 384;

  private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
  private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  private static volatile MiniLmEmbedder shared;

  private final OnnxEmbeddingModel model;

  private MiniLmEmbedder(Path directory) {
    Path onnx = unpack(MODEL_RESOURCE, directory);
    Path tokenizer = unpack(TOKENIZER_RESOURCE, directory);
    this.model = new OnnxEmbeddingModel(onnx, tokenizer, PoolingMode.MEAN);
  }

  /** The process-wide instance, loaded on first call (blocking). Thread-safe. */
  public static MiniLmEmbedder shared() {
    MiniLmEmbedder instance = shared;
    if (instance == null) {
      synchronized (MiniLmEmbedder.class) {
        instance = shared;
        if (instance == null) {
          instance = new MiniLmEmbedder(unpackedModel());
          shared = instance;
        }
      }
    }
    return instance;
  }

  /**
   * Where the model files are unpacked: {@code chorus.models.dir} when set, else {@code
   * chorus-models} under the temporary directory. Named after the model and the library version so
   * that an upgrade never reads an older file.
   */
  static Path unpackedModel() {
    String configured = System.getProperty("chorus.models.dir");
    Path base =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("java.io.tmpdir"), "chorus-models");
    String version = AllMiniLmL6V2EmbeddingModel.class.getPackage().getImplementationVersion();
    return base.resolve("all-minilm-l6-v2-" + (version == null ? "dev" : version));
  }

  /**
   * Copies a class-path resource to {@code directory} unless a file of the same size is there:
   * streamed (no heap copy), written to a temporary name and moved into place, so processes
   * unpacking at once never read a half-written file.
   */
  private static Path unpack(String resource, Path directory) {
    ClassLoader loader = AllMiniLmL6V2EmbeddingModel.class.getClassLoader();
    var url = loader.getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is not on the class path");
    }
    Path target = directory.resolve(resource);
    try {
      long size = url.openConnection().getContentLengthLong();
      if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
        return target;
      }
      Files.createDirectories(directory);
      Path partial = Files.createTempFile(directory, resource, ".part");
      try (InputStream in = url.openStream()) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + resource + " to " + directory, e);
    }
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public float[] embed(String text) {
    return Vectors.normalized(model.embed(text).content().vector());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    return model.embedAll(segments).content().stream()
        .map(e -> Vectors.normalized(e.vector()))
        .toList();
  }
}
