package dev.chorus.store;

import static dev.chorus.store.TestServices.await;

import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared set-up of the contract suites: {@link #store} opened on one Vert.x instance and, for
 * suites whose races need it, {@link #other}, a second handle on the same data from another Vert.x
 * instance (another process, in effect). Each test gets a fresh {@link #community}.
 *
 * @param <S> the port under test
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract<S> {

  protected Vertx vertx;
  protected Vertx otherVertx;
  protected S store;
  protected S other;
  protected String community;

  /** Opens the store under test on {@code vertx}. */
  protected abstract S open(Vertx vertx);

  /**
   * Opens a second handle on the same data from another Vert.x instance; {@code null} when the
   * suite needs none.
   */
  protected S openSecond(Vertx vertx) {
    return null;
  }

  /**
   * Closes what {@link #open} and {@link #openSecond} opened (the ports have no close: the
   * databases and clients do) and drops what the test created (a schema, keys).
   */
  protected void cleanUp() {}

  @BeforeAll
  void openStores() {
    vertx = Vertx.vertx();
    store = open(vertx);
    otherVertx = Vertx.vertx();
    other = openSecond(otherVertx);
    if (other == null) {
      await(otherVertx.close());
      otherVertx = null;
    }
  }

  @AfterAll
  void closeStores() {
    cleanUp();
    if (otherVertx != null) {
      await(otherVertx.close());
    }
    await(vertx.close());
  }

  @BeforeEach
  void newCommunity() {
    community = "c-" + UUID.randomUUID();
  }
}
