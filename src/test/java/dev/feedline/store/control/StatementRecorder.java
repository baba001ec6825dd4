package dev.feedline.store.control;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A data source that notes every statement the store prepares and runs, with the parameters of each
 * run (each batch entry), so a test can ask the database how it plans exactly those.
 */
final class StatementRecorder {
  /** A statement as it ran: its SQL and its parameters by position. */
  record Run(String sql, Map<Integer, Object> parameters) {}

  /** A parameter set to SQL NULL of a type ({@link java.sql.Types}). */
  record SqlNull(int type) {}

  private final List<Run> runs = new ArrayList<>();

  synchronized List<Run> runs() {
    return List.copyOf(runs);
  }

  synchronized void clear() {
    runs.clear();
  }

  private synchronized void add(Run run) {
    runs.add(run);
  }

  DataSource wrap(DataSource target) {
    return proxy(
        DataSource.class,
        target,
        (method, result) ->
            method.getName().equals("getConnection") ? connection((Connection) result) : result);
  }

  private Connection connection(Connection target) {
    return proxy(
        Connection.class,
        target,
        (method, result) ->
            method.getName().equals("prepareStatement") && result instanceof PreparedStatement ps
                ? statement(ps, (String) lastArguments.get()[0])
                : result);
  }

  private PreparedStatement statement(PreparedStatement target, String sql) {
    Map<Integer, Object> parameters = new TreeMap<>();
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.startsWith("set")
              && args != null
              && args.length >= 2
              && args[0] instanceof Integer i) {
            parameters.put(i, name.equals("setNull") ? new SqlNull((Integer) args[1]) : args[1]);
          } else if (name.equals("addBatch")
              || name.equals("executeQuery")
              || name.equals("executeUpdate")
              || (name.equals("execute") && (args == null || args.length == 0))) {
            add(new Run(sql, new TreeMap<>(parameters)));
          }
          return invoke(method, target, args);
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            handler);
  }

  // The arguments of the call whose result the After sees (proxies run on the caller's thread).
  private final ThreadLocal<Object[]> lastArguments = new ThreadLocal<>();

  private interface After {
    Object apply(Method method, Object result);
  }

  private <T> T proxy(Class<T> type, T target, After after) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              lastArguments.set(args);
              return after.apply(method, invoke(method, target, args));
            }));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
