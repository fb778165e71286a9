package dev.chorus.store.h2;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Works around a bug of Vert.x's JDBC client 5.0.x (vert-x3/vertx-jdbc-client#356): after {@code
 * withTransaction} commits or rolls back, it calls {@code setAutoCommit(false)} instead of {@code
 * true}, so every later statement outside a transaction on that pooled connection runs in an
 * implicit transaction nobody commits: its writes stay invisible to other connections and its locks
 * block them.
 *
 * <p>The connections handed to the pool are wrapped: a {@code setAutoCommit(false)} that comes
 * straight after {@code commit()} or {@code rollback()} turns auto-commit back on instead. A {@code
 * setAutoCommit(false)} that begins a transaction follows anything else and passes through. Drop
 * this class when the client restores auto-commit itself.
 */
final class AutoCommitReset {

  private AutoCommitReset() {}

  /** {@code source}, whose connections restore auto-commit after each transaction. */
  static DataSource wrap(DataSource source) {
    return proxy(
        DataSource.class,
        (self, method, args) -> {
          Object result = call(method, source, args);
          return result instanceof Connection c ? wrap(c) : result;
        });
  }

  static Connection wrap(Connection connection) {
    boolean[] transactionEnded = {false};
    return proxy(
        Connection.class,
        (self, method, args) -> {
          String name = method.getName();
          boolean ended = transactionEnded[0];
          transactionEnded[0] = false;
          if ((name.equals("commit") || name.equals("rollback")) && args == null) {
            // Set before the call: the client's "finally" runs even when commit fails.
            transactionEnded[0] = true;
          } else if (name.equals("setAutoCommit") && ended && !((Boolean) args[0])) {
            connection.setAutoCommit(true);
            return null;
          }
          return call(method, connection, args);
        });
  }

  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
