/** nsfwjs's five classes, as probabilities that sum to 1 (the model ends in a softmax). */
export const NSFW_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const
export type NsfwClass = (typeof NSFW_CLASSES)[number]
export type NsfwScores = Readonly<Record<NsfwClass, number>>

/** The model's output vector, in the order nsfwjs trained it (nsfw_classes.js). */
export function scoresFromVector(values: ArrayLike<number>): NsfwScores {
  if (values.length !== NSFW_CLASSES.length) {
    throw new Error(`Expected ${NSFW_CLASSES.length} class scores, got ${values.length}`)
  }
  return {
    Drawing: values[0] ?? 0,
    Hentai: values[1] ?? 0,
    Neutral: values[2] ?? 0,
    Porn: values[3] ?? 0,
    Sexy: values[4] ?? 0,
  }
}

/** The Green labels of the porn scene, as groups of nsfwjs classes. */
export function pornGroups(s: NsfwScores): { porn: number; sexy: number; normal: number } {
  return { porn: s.Porn + s.Hentai, sexy: s.Sexy, normal: s.Neutral + s.Drawing }
}
