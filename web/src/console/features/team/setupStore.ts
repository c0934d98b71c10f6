// 团队与分配's data: the teams, every agent's routing profile (capacity,
// skills, teams), the accounts to pick members from, and the routing rules
// in order. Each change goes to the API and the lists are read again, so
// what the page shows is what the server kept.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call, http } from '../../api/client'
import type { components } from '../../../api/schema'
import type { User } from '../../../api/types'
import type { Rule } from './words'

type S = components['schemas']
export type Team = S['TeamView']
export type TeamBody = S['TeamBody']
export type AgentProfile = S['AgentProfile']
export type RuleView = S['RuleView']

/** Gap between rule positions when they are renumbered. */
const STEP = 10

export const useTeamSetup = defineStore('teamSetup', () => {
  const teams = ref<Team[]>([])
  const agents = ref<AgentProfile[]>([])
  const users = ref<User[]>([])
  const rules = ref<RuleView[]>([])

  async function loadTeams(): Promise<void> {
    teams.value = (await call(http.GET('/api/v1/teams'))).items
  }

  async function loadAgents(): Promise<void> {
    const [floor, accounts] = await Promise.all([call(http.GET('/api/v1/floor')), call(http.GET('/api/v1/users'))])
    agents.value = floor.agents
    users.value = accounts.items.filter((u) => !u.disabled)
  }

  async function loadRules(): Promise<void> {
    rules.value = (await call(http.GET('/api/v1/routing-rules'))).items
  }

  async function load(): Promise<void> {
    await Promise.all([loadTeams(), loadAgents(), loadRules()])
  }

  /** Creates (`id` null) or replaces a team; answers it as saved. */
  async function saveTeam(id: number | null, body: TeamBody): Promise<Team> {
    const saved =
      id === null
        ? await call(http.POST('/api/v1/teams', { body }))
        : await call(http.PUT('/api/v1/teams/{id}', { params: { path: { id } }, body }))
    await Promise.all([loadTeams(), loadAgents()])
    return saved
  }

  async function deleteTeam(id: number): Promise<void> {
    await call(http.DELETE('/api/v1/teams/{id}', { params: { path: { id } } }))
    await Promise.all([loadTeams(), loadAgents(), loadRules()])
  }

  async function saveAgent(id: number, patch: S['AgentPatch']): Promise<AgentProfile> {
    const saved = await call(http.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: patch }))
    await Promise.all([loadTeams(), loadAgents()])
    return saved
  }

  /** Creates (`id` null, last in line) or replaces a rule, keeping its place. */
  async function saveRule(id: number | null, rule: Rule): Promise<RuleView> {
    const saved =
      id === null
        ? await call(http.POST('/api/v1/routing-rules', { body: { rule } }))
        : await call(http.PUT('/api/v1/routing-rules/{id}', { params: { path: { id } }, body: { rule } }))
    await loadRules()
    return saved
  }

  async function deleteRule(id: number): Promise<void> {
    await call(http.DELETE('/api/v1/routing-rules/{id}', { params: { path: { id } } }))
    await loadRules()
  }

  /**
   * Moves the rule `id` one place up (`-1`) or down (`1`): the rules are
   * numbered 10, 20, … in their new order and each one whose number changes
   * is saved with it (usually just the two that swap).
   */
  async function moveRule(id: number, by: -1 | 1): Promise<void> {
    const order = [...rules.value]
    const from = order.findIndex((r) => r.id === id)
    const to = from + by
    if (from < 0 || to < 0 || to >= order.length) return
    const [moved] = order.splice(from, 1)
    if (!moved) return
    order.splice(to, 0, moved)
    try {
      for (const [i, r] of order.entries()) {
        const position = (i + 1) * STEP
        if (r.position === position) continue
        await call(http.PUT('/api/v1/routing-rules/{id}', { params: { path: { id: r.id } }, body: { position, rule: r.rule } }))
      }
    } finally {
      await loadRules()
    }
  }

  return { teams, agents, users, rules, load, loadTeams, loadAgents, loadRules, saveTeam, deleteTeam, saveAgent, saveRule, deleteRule, moveRule }
})
