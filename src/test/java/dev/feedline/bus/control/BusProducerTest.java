package dev.feedline.bus.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class BusProducerTest {
  /**
   * On undeploy the server may no longer read classes the application never loaded (the WAR is
   * gone), so disposing the in-process bus must not need RedisBus. The producer and the bus are
   * loaded here by a loader that cannot read RedisBus, as on such an undeploy.
   */
  @Test
  void disposingTheInProcessBusNeverLoadsRedisBus() throws Exception {
    try (WithoutRedisBus loader = new WithoutRedisBus()) {
      Object producer =
          loader.loadClass(BusProducer.class.getName()).getConstructor().newInstance();
      Object bus = loader.loadClass(LocalBus.class.getName()).getConstructor().newInstance();
      Method close =
          producer.getClass().getDeclaredMethod("close", loader.loadClass(Bus.class.getName()));
      close.setAccessible(true);

      assertDoesNotThrow(() -> close.invoke(producer, bus));
    }
  }

  /** Loads this package's classes itself, except RedisBus, which it cannot read. */
  private static final class WithoutRedisBus extends URLClassLoader {
    private static final String PACKAGE = Bus.class.getPackageName() + ".";

    WithoutRedisBus() {
      super(
          new URL[] {Bus.class.getProtectionDomain().getCodeSource().getLocation()},
          BusProducerTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(RedisBus.class.getName())) {
        throw new ClassNotFoundException(name + " cannot be read");
      }
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }
  }
}
