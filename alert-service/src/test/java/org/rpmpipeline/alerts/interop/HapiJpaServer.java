package org.rpmpipeline.alerts.interop;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.MemoryBinaryStorageSvcImpl;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * HAPI FHIR's JPA server (the one behind hapiproject/hapi) started inside the test JVM: HAPI's own Spring
 * configuration for R4 on an in-memory H2 database, with its default storage settings (referential integrity
 * enforced on write, client-assigned non-numeric ids allowed), its resource providers, system provider
 * (transactions) and database-backed paging, served by Jetty on a free port. A FHIR server this project did not
 * write, to test interoperability against.
 */
final class HapiJpaServer implements AutoCloseable {
    private final AnnotationConfigApplicationContext spring;
    private final Server jetty;

    private HapiJpaServer(AnnotationConfigApplicationContext spring, Server jetty) {
        this.spring = spring;
        this.jetty = jetty;
    }

    static HapiJpaServer start() throws Exception {
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(Config.class);
        RestfulServer servlet = new RestfulServer(spring.getBean(FhirContext.class));
        servlet.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
        servlet.registerProvider(spring.getBean(JpaSystemProvider.class));
        servlet.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        servlet.setDefaultResponseEncoding(EncodingEnum.JSON);
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/fhir/*");
        jetty.setHandler(context);
        jetty.start();
        return new HapiJpaServer(spring, jetty);
    }

    /** Starts a server and prints its base URL (a manual check: {@code java ... HapiJpaServer}). */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try (HapiJpaServer server = start()) {
            System.out.println("started in " + (System.nanoTime() - start) / 1_000_000 + " ms at " + server.base());
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/fhir");
    }

    @Override
    public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            spring.close();
        }
    }

    /** HAPI's R4 JPA configuration plus what an application supplies: storage settings, database, JPA. */
    @Configuration
    @EnableTransactionManagement
    @Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
            SubscriptionChannelConfig.class, ThreadPoolFactoryConfig.class})
    static class Config {
        @Bean
        JpaStorageSettings storageSettings() {
            // HAPI's defaults, what an integrator's server starts with, but for its background jobs (stale search
            // cleanup, batch maintenance): a test does not need them
            JpaStorageSettings settings = new JpaStorageSettings();
            settings.setSchedulingDisabled(true);
            return settings;
        }

        @Bean
        PartitionSettings partitionSettings() {
            return new PartitionSettings();
        }

        @Bean
        SubscriptionSettings subscriptionSettings() {
            return new SubscriptionSettings();
        }

        @Bean
        @Lazy
        IBinaryStorageSvc binaryStorage() {
            return new MemoryBinaryStorageSvcImpl();
        }

        @Bean
        DataSource dataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:hapi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return h2;
        }

        @Bean
        @Primary
        LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beans,
                FhirContext fhirContext, JpaStorageSettings settings, DataSource dataSource) {
            LocalContainerEntityManagerFactoryBean factory =
                    HapiEntityManagerFactoryUtil.newEntityManagerFactory(beans, fhirContext, settings);
            factory.setPersistenceUnitName("HAPI_PU");
            factory.setDataSource(dataSource);
            Properties jpa = new Properties();
            jpa.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
            jpa.put("hibernate.hbm2ddl.auto", "update");
            jpa.put("hibernate.search.enabled", "false");
            factory.setJpaProperties(jpa);
            return factory;
        }

        @Bean
        @Primary
        JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
            return new JpaTransactionManager(entityManagerFactory);
        }
    }
}
