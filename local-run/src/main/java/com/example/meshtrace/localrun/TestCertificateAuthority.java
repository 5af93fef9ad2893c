package com.example.meshtrace.localrun;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test run with the JDK's {@code keytool}, like the
 * one CloudNativePG creates for a cluster ({@code <cluster>-ca}): its certificate for
 * clients, and server certificates it signs, as PEM files PostgreSQL reads. For tests of
 * verified TLS to PostgreSQL (backend's {@code DatabaseTlsIntegrationTests}, the
 * containers module's run of the dev overlay).
 */
public final class TestCertificateAuthority {

	private static final String password = "test-only";

	private final Path directory;

	private final String name;

	private TestCertificateAuthority(Path directory, String name) {
		this.directory = directory;
		this.name = name;
	}

	public static TestCertificateAuthority create(Path directory, String name) {
		TestCertificateAuthority authority = new TestCertificateAuthority(directory, name);
		authority.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=" + name, "-ext", "bc:c", "-validity", "2", "-keystore", authority.keystore().toString());
		authority.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", authority.keystore().toString(), "-file",
				authority.certificate().toString());
		return authority;
	}

	/**
	 * The CA certificate (PEM), what a client names in {@code sslrootcert}.
	 * @return the file
	 */
	public Path certificate() {
		return this.directory.resolve(this.name + ".crt");
	}

	/**
	 * Issues a server certificate for the given subject alternative names.
	 * @param server a file name for the pair
	 * @param subjectAlternativeNames for example {@code dns:localhost}
	 * @return the certificate (PEM); the key is beside it with the suffix {@code .key},
	 * readable by its owner only, as PostgreSQL requires
	 */
	public Path issueServerCertificate(String server, String subjectAlternativeNames) {
		Path keystore = this.directory.resolve(server + ".p12");
		Path request = this.directory.resolve(server + ".csr");
		Path certificate = this.directory.resolve(server + ".crt");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + server,
				"-validity", "2", "-keystore", keystore.toString());
		keytool("-certreq", "-alias", "server", "-keystore", keystore.toString(), "-file", request.toString());
		keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", keystore().toString(), "-infile", request.toString(),
				"-outfile", certificate.toString(), "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2");
		writePrivateKey(keystore, this.directory.resolve(server + ".key"));
		return certificate;
	}

	private Path keystore() {
		return this.directory.resolve(this.name + ".p12");
	}

	private static void writePrivateKey(Path keystore, Path target) {
		try (InputStream in = Files.newInputStream(keystore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, password.toCharArray());
			PrivateKey key = (PrivateKey) store.getKey("server", password.toCharArray());
			String pem = "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(key.getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			Files.deleteIfExists(target);
			Files.createFile(target,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(target, pem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the key from " + keystore, ex);
		}
	}

	private void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", password, "-noprompt"));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
				try (InputStream in = process.getInputStream()) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool did not finish within 60 s: " + command);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + command + "\n" + output.join());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
