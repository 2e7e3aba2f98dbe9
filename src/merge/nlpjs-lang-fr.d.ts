/** The part of @nlpjs/lang-fr the search uses (the package ships no types): its French Snowball stemmer. */
declare module '@nlpjs/lang-fr' {
  export class StemmerFr {
    /** The stem of one lower-case word. */
    stemWord(word: string): string;
  }
}
