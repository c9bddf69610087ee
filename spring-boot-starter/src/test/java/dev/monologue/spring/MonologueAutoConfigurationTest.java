package dev.monologue.spring;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.monologue.ConnectFailedException;
import dev.monologue.GroupMember;
import dev.monologue.Monologue;
import dev.monologue.MonologueJson;
import dev.monologue.MonologueOptions;
import dev.monologue.NameTakenException;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter against a real local relay on loopback, with a plain client on the other side. */
class MonologueAutoConfigurationTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private LocalRelay relay;
  private Monologue plain;

  @BeforeEach
  void start() {
    relay = LocalRelay.builder().host("127.0.0.1").port(0).build();
    open.add(relay);
    relay.start();
    plain = Monologue.create(MonologueOptions.builder().endpoint(relay.endpoint()).connectTimeout(Awaits.WAIT)
        .ownerSecret("plain-client-owner-secret").build());
    open.add(plain);
    plain.connect();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonologueAutoConfiguration.class))
        .withPropertyValues("monologue.endpoint=" + relay.endpoint(), "monologue.connect-timeout=10s",
            "monologue.owner-secret=spring-context-owner-secret");
  }

  /** A ledger served by the application. */
  static final class BookLedger implements Ledger {
    private final String who;

    BookLedger(String who) {
      this.who = who;
    }

    @Override
    public String total(String month) {
      return who + " total of " + month;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BillingStub {
    @Bean
    Ledger billing(MonologueStubs stubs) {
      return stubs.to("billing", Ledger.class);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class WorkersStub {
    @Bean
    Ledger workers(MonologueStubs stubs) {
      return stubs.anyOf("workers", Ledger.class);
    }
  }

  @Test
  void servesServiceBeansToOtherMachines() {
    runner().withPropertyValues("monologue.names=ledger")
        .withBean(BookLedger.class, () -> new BookLedger("spring"))
        .run(context -> {
          assertNull(context.getStartupFailure());
          assertEquals("spring total of 2026-12", plain.stub("ledger", Ledger.class).total("2026-12"));
        });
  }

  @Test
  void stubBeansCallRemotesAndAreNotServed() {
    plain.register(Ledger.class, new BookLedger("plain"));
    plain.claim("billing");
    runner().withUserConfiguration(BillingStub.class).run(context -> {
      assertNull(context.getStartupFailure());
      assertEquals("plain total of 2026-11", context.getBean(Ledger.class).total("2026-11"));
      // the stub implements Ledger, yet the application does not serve it (that would call itself)
      String app = context.getBean(Monologue.class).id();
      assertThrows(NoSuchRemoteMethodException.class, () -> plain.stub(app, Ledger.class).total("2026-11"));
    });
  }

  @Test
  void joinsGroupsFromPropertiesAndStubsCallAnyMember() {
    runner().withPropertyValues("monologue.groups=workers")
        .withBean(BookLedger.class, () -> new BookLedger("worker"))
        .run(worker -> {
          assertNull(worker.getStartupFailure());
          String workerId = worker.getBean(Monologue.class).id();
          assertEquals(List.of(workerId), plain.members("workers").stream().map(GroupMember::id).toList());
          runner().withPropertyValues("monologue.owner-secret=second-context-owner-secret")
              .withUserConfiguration(WorkersStub.class).run(caller -> {
                assertNull(caller.getStartupFailure());
                assertEquals("worker total of 2026-10", caller.getBean(Ledger.class).total("2026-10"));
              });
        });
  }

  @Test
  void startupFailsClearlyWhenTheRelayCannotBeReached() {
    relay.close();
    runner().run(context -> {
      Throwable failure = context.getStartupFailure();
      assertNotNull(failure, "the context started without a relay");
      assertInstanceOf(ConnectFailedException.class, rootMonologueCause(failure));
      assertTrue(messages(failure).contains("The Monologue client did not start"), messages(failure));
      assertTrue(messages(failure).contains(relay.endpoint().toString()), messages(failure));
    });
  }

  @Test
  void startupFailsClearlyWhenAClaimIsRefused() throws Exception {
    plain.claim("held");
    runner().withPropertyValues("monologue.names=held").run(context -> {
      Throwable failure = context.getStartupFailure();
      assertNotNull(failure, "the context started although another owner holds its name");
      NameTakenException taken = assertInstanceOf(NameTakenException.class, rootMonologueCause(failure));
      assertEquals("held", taken.name());
      assertTrue(messages(failure).contains("The Monologue client did not start"), messages(failure));
    });
    // the refused client was closed, not left connected (the relay sees its close a moment later)
    eventually("the refused client's connection to end", () -> relay.connectionCount() == 1);
  }

  @Test
  void closesTheClientWhenTheContextCloses() throws Exception {
    AtomicReference<MonologueConnectionState> state = new AtomicReference<>();
    runner().run(context -> {
      assertNull(context.getStartupFailure());
      assertEquals(2, relay.connectionCount());
      state.set(context.getBean(MonologueConnectionState.class));
      assertEquals(MonologueConnectionState.State.CONNECTED, state.get().state());
    });
    assertEquals(MonologueConnectionState.State.CLOSED, state.get().state());
    eventually("the application's connection to end", () -> relay.connectionCount() == 1);
  }

  @Test
  void healthGoesDownWhenTheRelayStops() {
    runner().run(context -> {
      assertNull(context.getStartupFailure());
      assertTrue(HealthProbe.indicatorType().isInstance(context.getBean("monologueHealthIndicator")),
          "the indicator is not the running Boot's HealthIndicator");
      HealthProbe.Reading up = HealthProbe.read(context);
      assertEquals("UP", up.status());
      assertEquals(context.getBean(Monologue.class).id(), up.details().get("id"));
      relay.close();
      eventually("health to go down", () -> {
        try {
          return HealthProbe.read(context).status().equals("DOWN");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      assertEquals("reconnecting", HealthProbe.read(context).details().get("state"));
    });
  }

  @Test
  void bootsHealthRegistryHoldsTheIndicatorAsMonologue() throws Exception {
    runner().withConfiguration(AutoConfigurations.of(HealthProbe.bootHealth())).run(context -> {
      assertNull(context.getStartupFailure());
      assertTrue(context.getBean("monologueHealthIndicator") == HealthProbe.contributor(context, "monologue"),
          "Boot's health registry does not hold the indicator under 'monologue'");
    });
  }

  @Test
  void bindsClientMetricsToTheApplicationsRegistry() {
    plain.register(Ledger.class, new BookLedger("plain"));
    plain.claim("billing");
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).withUserConfiguration(BillingStub.class)
        .run(context -> {
          assertNull(context.getStartupFailure());
          context.getBean(Ledger.class).total("2026-09");
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          // the timer is recorded as the call's future completes, which may be just after the stub returned
          eventually("the call timer in the application's registry", () -> registry.find("monologue.client.calls")
              .tags("method", "Ledger.total", "outcome", "success").timer() != null);
          Timer timer = registry.find("monologue.client.calls").tags("method", "Ledger.total", "outcome", "success")
              .timer();
          assertEquals(1, timer.count());
        });
  }

  /** Boot's own metrics auto-configurations, by name: Boot 4 moved them out of the Actuator's package. */
  private static Class<?>[] bootMetrics() throws ClassNotFoundException {
    String boot4 = "org.springframework.boot.micrometer.metrics.autoconfigure.";
    String boot3 = "org.springframework.boot.actuate.autoconfigure.metrics.";
    ClassLoader loader = MonologueAutoConfigurationTest.class.getClassLoader();
    String base;
    try {
      Class.forName(boot4 + "MetricsAutoConfiguration", false, loader);
      base = boot4;
    } catch (ClassNotFoundException e) {
      base = boot3;
    }
    return new Class<?>[] {Class.forName(base + "MetricsAutoConfiguration", false, loader),
        Class.forName(base + "CompositeMeterRegistryAutoConfiguration", false, loader),
        Class.forName(base + "export.simple.SimpleMetricsExportAutoConfiguration", false, loader)};
  }

  @Test
  void bindsClientMetricsToTheRegistryBootsMetricsMake() throws Exception {
    plain.register(Ledger.class, new BookLedger("plain"));
    plain.claim("billing");
    runner().withConfiguration(AutoConfigurations.of(bootMetrics())).withUserConfiguration(BillingStub.class)
        .run(context -> {
          assertNull(context.getStartupFailure());
          context.getBean(Ledger.class).total("2026-08");
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          eventually("the call timer in Boot's registry", () -> registry.find("monologue.client.calls")
              .tags("method", "Ledger.total", "outcome", "success").timer() != null);
          assertNotNull(registry.find("monologue.client.calls.in.flight").gauge(), "no in-flight gauge");
        });
  }

  @Test
  void readsMonologuercAsTheClientDoesAndPropertiesWin(@TempDir Path dir) throws Exception {
    LocalRelay other = LocalRelay.builder().host("127.0.0.1").port(0).build();
    open.add(other);
    other.start();
    Files.writeString(dir.resolve(".monologuerc"), "{\"endpoint\": \"" + other.endpoint() + "\"}",
        StandardCharsets.UTF_8);
    String userDir = System.getProperty("user.dir");
    System.setProperty("user.dir", dir.toString());
    try {
      // no monologue.endpoint: the client's resolver finds the rc file's
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MonologueAutoConfiguration.class))
          .withPropertyValues("monologue.owner-secret=spring-context-owner-secret")
          .run(context -> {
            assertNull(context.getStartupFailure());
            assertEquals(1, other.connectionCount());
          });
      // monologue.endpoint beats the file
      runner().run(context -> {
        assertNull(context.getStartupFailure());
        assertEquals(2, relay.connectionCount());
      });
    } finally {
      System.setProperty("user.dir", userDir);
    }
  }

  /** A Jackson 2 mapper that tells itself apart: it writes every string in upper case. */
  static ObjectMapper shoutingMapper() {
    return MonologueJson.newMapper().registerModule(new SimpleModule().addSerializer(String.class,
        new StdSerializer<String>(String.class) {
          @Override
          public void serialize(String value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(value.toUpperCase(Locale.ROOT));
          }
        }));
  }

  @Test
  void keepsItsOwnJsonMappingWhateverMapperTheApplicationHas() {
    plain.register(Ledger.class, new BookLedger("plain"));
    plain.claim("billing");
    // a Boot 3 application's Jackson 2 ObjectMapper bean (spring.jackson.*) is the web layer's, not the wire's
    runner().withBean(ObjectMapper.class, MonologueAutoConfigurationTest::shoutingMapper)
        .withUserConfiguration(BillingStub.class).run(context -> {
          assertNull(context.getStartupFailure());
          assertEquals("plain total of 2026-q1", context.getBean(Ledger.class).total("2026-q1"));
        });
  }

  @Test
  void customizersChangeTheOptionsSuchAsTheMapper() {
    plain.register(Ledger.class, new BookLedger("plain"));
    plain.claim("billing");
    runner().withBean(MonologueOptionsCustomizer.class, () -> options -> options.objectMapper(shoutingMapper()))
        .withUserConfiguration(BillingStub.class).run(context -> {
          assertNull(context.getStartupFailure());
          assertEquals("plain total of 2026-Q1", context.getBean(Ledger.class).total("2026-q1"));
        });
  }

  @Test
  void withoutAnEndpointAnywhereTheFailureNamesTheProperty(@TempDir Path dir) {
    String userDir = System.getProperty("user.dir");
    String userHome = System.getProperty("user.home");
    System.setProperty("user.dir", dir.toString());
    System.setProperty("user.home", dir.toString());
    try {
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MonologueAutoConfiguration.class))
          .run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure, "the context started without an endpoint");
            assertTrue(messages(failure).contains("No relay endpoint configured"), messages(failure));
            assertTrue(messages(failure).contains("set monologue.endpoint"), messages(failure));
          });
    } finally {
      System.setProperty("user.dir", userDir);
      System.setProperty("user.home", userHome);
    }
  }

  @Test
  void anInvalidPropertyNamesTheProperty() {
    runner().withPropertyValues("monologue.names=Not A Name").run(context -> {
      Throwable failure = context.getStartupFailure();
      assertNotNull(failure);
      assertTrue(messages(failure).contains("A monologue.* property is not valid"), messages(failure));
    });
  }

  @Test
  void turnsOffWithEnabledFalse() {
    runner().withPropertyValues("monologue.enabled=false").run(context -> {
      assertNull(context.getStartupFailure());
      assertFalse(context.containsBean("monologue"));
      assertEquals(1, relay.connectionCount());
    });
  }

  private static Throwable rootMonologueCause(Throwable t) {
    Throwable found = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof dev.monologue.MonologueException) {
        found = c;
      }
    }
    assertNotNull(found, "no MonologueException in " + messages(t));
    return found;
  }

  private static String messages(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
    }
    return out.toString();
  }
}
