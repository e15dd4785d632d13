import t from 'tap'
import { countWords, readingMinutes } from '../../../src/domain/rich-text/reading-stats.js'

void t.test('counts English words', (t) => {
  t.equal(countWords('The quick brown fox jumps over the lazy dog.'), 9)
  t.equal(countWords("It's a well-known state-of-the-art fact."), 5)
  t.end()
})

void t.test('separators of any kind, repeated or at the edges, do not add words', (t) => {
  t.equal(countWords('  one\ttwo\n\nthree \u00a0 four\u2003five  '), 5)
  t.end()
})

void t.test('tokens without a letter or digit are not words', (t) => {
  t.equal(countWords('Wait — what? … !!! * 🎉'), 2)
  t.equal(countWords('In 2024 there were 3,000 votes'), 6)
  t.end()
})

void t.test('accented and non-Latin alphabets count like English', (t) => {
  t.equal(countWords('Ça a été déjà vu, naïve café à Zürich'), 9)
  t.equal(countWords('Καλημέρα κόσμε, τι κάνεις;'), 4)
  t.equal(countWords('Привет, мир! Как дела?'), 4)
  t.equal(countWords('مرحبا بالعالم الجميل'), 3)
  t.equal(countWords('नमस्ते दुनिया'), 2)
  t.equal(countWords('Dziękuję bardzo, że przyszłaś'), 4)
  t.end()
})

void t.test('empty or blank text has no words', (t) => {
  t.equal(countWords(''), 0)
  t.equal(countWords(' \n\t '), 0)
  t.end()
})

void t.test('reading minutes round up, at least 1 for any text', (t) => {
  t.equal(readingMinutes(0), 0)
  t.equal(readingMinutes(1), 1)
  t.equal(readingMinutes(229), 1)
  t.equal(readingMinutes(230), 1)
  t.equal(readingMinutes(231), 2)
  t.equal(readingMinutes(460), 2)
  t.equal(readingMinutes(461), 3)
  t.equal(readingMinutes(2300), 10)
  t.end()
})

void t.test('reading speed can be changed', (t) => {
  t.equal(readingMinutes(450, 200), 3)
  t.equal(readingMinutes(400, 200), 2)
  t.throws(() => readingMinutes(100, 0), RangeError)
  t.throws(() => readingMinutes(100, -5), RangeError)
  t.end()
})

void t.test('works on a word count taken from text', (t) => {
  t.equal(readingMinutes(countWords('word '.repeat(500))), 3)
  t.equal(readingMinutes(countWords('')), 0)
  t.end()
})
