package edu.hamburger.mail.localinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes sure a login role and a database owned by it exist on a PostgreSQL server, connecting as
 * an administrator. Identifiers are checked against a strict pattern because DDL cannot take
 * bind parameters.
 *
 * <p>Usage: {@code DatabaseProvisioner [--drop] <admin-jdbc-url> <admin-user> <admin-password> <role> <password> <database>...}
 * With {@code --drop} the databases are dropped instead (test runs start from an empty database).
 */
public final class DatabaseProvisioner {

    private DatabaseProvisioner() {
    }

    public static void main(String[] arguments) throws SQLException {
        boolean drop = arguments.length > 0 && arguments[0].equals("--drop");
        String[] args = drop ? java.util.Arrays.copyOfRange(arguments, 1, arguments.length) : arguments;
        if (args.length < 6) {
            System.err.println("usage: DatabaseProvisioner <admin-jdbc-url> <admin-user> <admin-password> <role> <password> <database>...");
            System.exit(2);
        }
        try (Connection admin = DriverManager.getConnection(args[0], args[1], args[2])) {
            for (int i = 5; i < args.length; i++) {
                if (drop) {
                    drop(admin, args[i]);
                } else {
                    provision(admin, args[3], args[4], args[i]);
                }
            }
        }
    }

    static void provision(Connection admin, String roleName, String password, String databaseName) throws SQLException {
        String role = identifier(roleName);
        String database = identifier(databaseName);
        try (Statement ddl = admin.createStatement()) {
            if (!exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
                ddl.execute("create role " + role + " login password '" + password.replace("'", "''") + "'");
            }
            if (!exists(admin, "select 1 from pg_database where datname = ?", database)) {
                ddl.execute("create database " + database + " owner " + role + " encoding 'UTF8' template template0");
            }
        }
        System.out.println("database " + database + " ready for role " + role);
    }

    static void drop(Connection admin, String databaseName) throws SQLException {
        try (Statement ddl = admin.createStatement()) {
            ddl.execute("drop database if exists " + identifier(databaseName) + " with (force)");
        }
        System.out.println("database " + databaseName + " dropped");
    }

    private static boolean exists(Connection admin, String query, String name) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(query)) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain PostgreSQL identifier: " + name);
        }
        return name;
    }
}
