package dev.feedline.store.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/** Makes the server's data source (server.xml, jdbc/feedline) injectable. */
@ApplicationScoped
public class DataSources {
  @Produces
  @Resource(lookup = "jdbc/feedline")
  private DataSource feedline;
}
