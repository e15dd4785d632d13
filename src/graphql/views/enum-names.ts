/** GraphQL enums are SCREAMING_SNAKE; the database stores kebab-case. */
export const toEnumName = (value: string): string => value.toUpperCase().replaceAll('-', '_')
export const fromEnumName = (value: string): string => value.toLowerCase().replaceAll('_', '-')
