package dev.chorus.store;

import static dev.chorus.store.TestServices.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared set-up of the contract suites whose races need two handles on the same data: {@link #store}
 * on one Vert.x instance and {@link #other} on another (another process, in effect). Each test gets
 * a fresh {@link #community}.
 *
 * @param <S> the port under test
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TwoHandleContract<S> {

  protected Vertx vertx;
  protected Vertx otherVertx;
  protected S store;
  protected S other;
  protected String community;

  /** Opens the store under test on {@code vertx}. */
  protected abstract S open(Vertx vertx);

  /** Opens a second handle on the same data from another Vert.x instance. */
  protected abstract S openSecond(Vertx vertx);

  /** Closes one handle (ports have no common type to call it on). */
  protected abstract Future<Void> close(S handle);

  /** Drops what the adapter created (a schema, keys) after both handles are closed. */
  protected void cleanUp() {
  }

  @BeforeAll
  void openStores() {
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
    store = open(vertx);
    other = openSecond(otherVertx);
  }

  @AfterAll
  void closeStores() {
    await(close(other));
    await(close(store));
    cleanUp();
    await(otherVertx.close());
    await(vertx.close());
  }

  @BeforeEach
  void newCommunity() {
    community = "c-" + UUID.randomUUID();
  }
}
