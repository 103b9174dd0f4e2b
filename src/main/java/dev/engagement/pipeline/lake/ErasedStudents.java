package dev.engagement.pipeline.lake;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * The students erased from the lake ({@code erase}), which every later run of every pipeline
 * drops from bronze before silver, so that a backfill does not bring them back. They are kept
 * as salted SHA-256 hashes of their StudentID (trimmed), not in clear: the state names nobody,
 * and a hash is checked, never reversed. The salt is random per lake, so the hashes of two lakes
 * differ; it is stored beside them, so it defeats precomputed tables, not a guess of every ID.
 *
 * @param salt Base64 of 32 random bytes
 * @param hashes hex SHA-256 of salt + StudentID, one per erased student
 */
public record ErasedStudents(String salt, Set<String> hashes) implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ErasedStudents {
    hashes = new TreeSet<>(hashes);
  }

  /** The lake's erased students (none, with a new salt, before the first erase). */
  public static ErasedStudents read(LakeLayout lake) throws IOException {
    String json = LakeFiles.readAtomicallyWritten(lake.erasedStudents());
    if (json == null) {
      byte[] salt = new byte[32];
      new SecureRandom().nextBytes(salt);
      return new ErasedStudents(Base64.getEncoder().encodeToString(salt), Set.of());
    }
    try {
      return JSON.readValue(json, ErasedStudents.class);
    } catch (JsonProcessingException e) {
      throw new IOException("unreadable list of erased students " + lake.erasedStudents() + ": " + e.getMessage(), e);
    }
  }

  public void write(LakeLayout lake) throws IOException {
    LakeFiles.writeStringAtomically(lake.erasedStudents(), JSON.writeValueAsString(this));
  }

  /** This list with {@code studentIds} added. */
  public ErasedStudents with(Set<String> studentIds) {
    Set<String> more = new TreeSet<>(hashes);
    studentIds.forEach(id -> more.add(hash(id)));
    return new ErasedStudents(salt, more);
  }

  @JsonIgnore
  public boolean isEmpty() {
    return hashes.isEmpty();
  }

  /** Whether the StudentID (trimmed; NULL is nobody) is erased. */
  public boolean contains(String studentId) {
    return studentId != null && !hashes.isEmpty() && hashes.contains(hash(studentId));
  }

  private String hash(String studentId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Base64.getDecoder().decode(salt));
      return HexFormat.of().formatHex(sha.digest(studentId.trim().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
