// A resolve refused for want of a problem tag: the conversation whose tag
// box should ask the agent for one (null: none asks).

import { ref } from 'vue'

export const tagsAsked = ref<number | null>(null)
