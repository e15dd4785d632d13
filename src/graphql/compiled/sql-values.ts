import { sql, type SQL } from 'drizzle-orm'

/** A timestamptz as the DateTime scalar serialises it (Date.prototype.toISOString, always UTC). */
export function isoInstant(expression: SQL): SQL {
  return sql`to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
}

/** A stored kebab-case value as its GraphQL enum name (see views/enum-names.ts). */
export function enumName(expression: SQL): SQL {
  return sql`upper(replace(${expression}, '-', '_'))`
}

/** A text column as JavaScript's truthiness sees it: NULL when empty. */
export function nonEmpty(expression: SQL): SQL {
  return sql`nullif(${expression}, '')`
}

/** A constant string as an SQL literal (quotes doubled), for values fixed at compile time. */
export function textLiteral(value: string): SQL {
  return sql.raw(`'${value.replaceAll("'", "''")}'::text`)
}

/** The surrogate key of the entity whose id is `id`, spelt by `key` (surrogate-keys.ts). */
export function entityKeySql(key: (id: string) => string, id: SQL): SQL {
  return sql`${textLiteral(key(''))} || ${id}`
}
