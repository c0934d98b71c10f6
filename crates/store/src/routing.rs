//! What routing reads and writes: teams and members, each agent's capacity,
//! skills and chosen status, the ordered routing rules, and the queue.
//!
//! [`Store::assign_from_queue`] is the one atomic step: in one transaction it
//! locks the agents (PostgreSQL `FOR UPDATE`; SQLite has one writer), reads
//! their loads and the waiting conversations (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so a claim in flight is passed over), lets the caller decide,
//! and stores each assignment only while the conversation still waits. Two
//! ticks at once run one after the other: neither assigns a conversation
//! twice nor fills an agent past the capacity it read.

use std::collections::HashMap;

use kadesk_domain::{AgentStatus, Channel, Millis, Priority, Role};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::found;
use crate::{parse_col, Backend, Result, Store, StoreError};

/// An agent's routing profile and load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentLoad {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub capacity: u32,
    /// Conversations assigned to them now.
    pub open: u32,
    pub skills: Vec<String>,
    pub teams: Vec<i64>,
    /// What they chose: online or away (offline is having no console).
    pub chosen: AgentStatus,
    pub last_assigned_at: Millis,
}

/// A conversation waiting for a person, as routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub id: i64,
    pub priority: Priority,
    pub queued_at: Millis,
    pub team_id: Option<i64>,
    pub skills: Vec<String>,
    pub contact_name: String,
    pub channel: Channel,
    /// Whether routing assigns it (its team, if any, auto-assigns).
    pub auto_assign: bool,
}

/// A queued conversation routing has not seen yet, with what rules read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unrouted {
    pub id: i64,
    pub channel: Channel,
    pub priority: Priority,
    pub reasons: Vec<String>,
    /// The bot's handoff summary (JSON), `Null` when there is none.
    pub summary: serde_json::Value,
    pub language: String,
    pub tags: Vec<String>,
}

/// A team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub auto_assign: bool,
    /// Member user ids, ascending.
    pub members: Vec<i64>,
    /// The team's own working hours as stored (the desk reads them);
    /// `None`: the desk's hours apply.
    pub hours: Option<String>,
}

/// A routing rule as stored: its JSON body is the caller's to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRule {
    pub id: i64,
    pub position: i64,
    pub body: String,
}

fn json_list(row: &AnyRow, col: &str) -> Result<Vec<String>> {
    let raw: String = row.try_get(col)?;
    serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

fn to_json(list: &[String]) -> Result<String> {
    serde_json::to_string(list).map_err(|e| StoreError::Corrupt(format!("list: {e}")))
}

fn count(row: &AnyRow, col: &str) -> Result<u32> {
    let n: i64 = row.try_get(col)?;
    Ok(u32::try_from(n.max(0)).unwrap_or(u32::MAX))
}

const AGENT_SELECT: &str = "SELECT u.id, u.display_name, u.role, u.capacity, u.skills, \
     u.agent_status, u.last_assigned_at, \
     (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = u.id AND c.status = 'assigned') AS open \
     FROM users u WHERE u.disabled_at IS NULL ORDER BY u.id";

async fn fetch_agents<'e, E>(executor: E, members: &[(i64, i64)]) -> Result<Vec<AgentLoad>>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(AGENT_SELECT).fetch_all(executor).await?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let chosen: String = row.try_get("agent_status")?;
            Ok(AgentLoad {
                id,
                display_name: row.try_get("display_name")?,
                role: parse_col(row, "role")?,
                capacity: count(row, "capacity")?,
                open: count(row, "open")?,
                skills: json_list(row, "skills")?,
                teams: members
                    .iter()
                    .filter(|(_, user)| *user == id)
                    .map(|(team, _)| *team)
                    .collect(),
                chosen: if chosen == "away" {
                    AgentStatus::Away
                } else {
                    AgentStatus::Online
                },
                last_assigned_at: row.try_get("last_assigned_at")?,
            })
        })
        .collect()
}

async fn fetch_members<'e, E>(executor: E) -> Result<Vec<(i64, i64)>>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query("SELECT team_id, user_id FROM team_members ORDER BY team_id, user_id")
        .fetch_all(executor)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("team_id")?, r.try_get("user_id")?)))
        .collect()
}

const QUEUE_SELECT: &str = "SELECT c.id, c.priority, c.queued_at, c.team_id, c.required_skills, \
     c.channel, ct.name AS contact_name, \
     CASE WHEN c.team_id IS NULL THEN CAST(1 AS BIGINT) ELSE (SELECT t.auto_assign FROM teams t WHERE t.id = c.team_id) END AS auto_assign \
     FROM conversations c JOIN contacts ct ON ct.id = c.contact_id \
     WHERE c.status = 'queued' AND c.queued_at IS NOT NULL";

fn queue_entry(row: &AnyRow) -> Result<QueueEntry> {
    let auto: Option<i64> = row.try_get("auto_assign")?;
    Ok(QueueEntry {
        id: row.try_get("id")?,
        priority: Priority::from_level(row.try_get("priority")?),
        queued_at: row.try_get("queued_at")?,
        team_id: row.try_get("team_id")?,
        skills: json_list(row, "required_skills")?,
        contact_name: row.try_get("contact_name")?,
        channel: parse_col(row, "channel")?,
        auto_assign: auto.unwrap_or(1) != 0,
    })
}

impl Store {
    /// Every enabled user's routing profile and load, by id.
    pub async fn agent_loads(&self) -> Result<Vec<AgentLoad>> {
        let members = fetch_members(&self.read).await?;
        fetch_agents(&self.read, &members).await
    }

    /// Every routed conversation waiting for a person (any order).
    pub async fn queue_entries(&self) -> Result<Vec<QueueEntry>> {
        let rows = sqlx::query(QUEUE_SELECT).fetch_all(&self.read).await?;
        rows.iter().map(queue_entry).collect()
    }

    /// Queued conversations routing has not seen yet (at most `limit`).
    pub async fn unrouted(&self, limit: i64) -> Result<Vec<Unrouted>> {
        let rows = sqlx::query(
            "SELECT c.id, c.channel, c.priority, c.handoff_reasons, c.handoff_summary, \
             ct.language, ct.tags FROM conversations c JOIN contacts ct ON ct.id = c.contact_id \
             WHERE c.status = 'queued' AND c.queued_at IS NULL ORDER BY c.id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let reasons: Option<String> = row.try_get("handoff_reasons")?;
                let summary: Option<String> = row.try_get("handoff_summary")?;
                Ok(Unrouted {
                    id: row.try_get("id")?,
                    channel: parse_col(row, "channel")?,
                    priority: Priority::from_level(row.try_get("priority")?),
                    reasons: reasons
                        .and_then(|r| serde_json::from_str(&r).ok())
                        .unwrap_or_default(),
                    summary: summary
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .unwrap_or(serde_json::Value::Null),
                    language: row.try_get("language")?,
                    tags: json_list(row, "tags")?,
                })
            })
            .collect()
    }

    /// Stores where rules sent a queued conversation and starts its wait
    /// (from when it was queued); `false` when it no longer waits unrouted.
    pub async fn set_route(
        &self,
        id: i64,
        team_id: Option<i64>,
        priority: Priority,
        skills: &[String],
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE conversations SET team_id = $1, priority = $2, required_skills = $3, \
             queued_at = updated_at WHERE id = $4 AND status = 'queued' AND queued_at IS NULL",
        )
        .bind(team_id)
        .bind(priority.level())
        .bind(to_json(skills)?)
        .bind(id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The atomic assignment step (see the module doc): `decide` gets the
    /// auto-assigned waiting conversations and every agent, and returns
    /// `(conversation, agent)` pairs; those still waiting are assigned at
    /// `now`. Returns the pairs stored.
    pub async fn assign_from_queue<F>(&self, now: Millis, decide: F) -> Result<Vec<(i64, i64)>>
    where
        F: FnOnce(&[QueueEntry], &[AgentLoad]) -> Vec<(i64, i64)>,
    {
        let mut tx = self.write.begin().await?;
        let postgres = self.backend == Backend::Postgres;
        if postgres {
            // Agents' rows first, in one order: a second tick waits here
            // and then reads the loads this one stored.
            sqlx::query("SELECT id FROM users WHERE disabled_at IS NULL ORDER BY id FOR UPDATE")
                .fetch_all(&mut *tx)
                .await?;
        }
        let members = fetch_members(&mut *tx).await?;
        let agents = fetch_agents(&mut *tx, &members).await?;
        let lock = if postgres {
            " FOR UPDATE OF c SKIP LOCKED"
        } else {
            ""
        };
        let rows = sqlx::query(&format!(
            "{QUEUE_SELECT} ORDER BY c.priority DESC, c.queued_at, c.id{lock}"
        ))
        .fetch_all(&mut *tx)
        .await?;
        let queue: Vec<QueueEntry> = rows
            .iter()
            .map(queue_entry)
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|q| q.auto_assign)
            .collect();
        let decided = decide(&queue, &agents);
        let mut stored = Vec::with_capacity(decided.len());
        for (conversation, agent) in decided {
            let done = sqlx::query(
                "UPDATE conversations SET status = 'assigned', assignee_id = $1, assigned_at = $2, \
                 updated_at = $2, queued_at = NULL WHERE id = $3 AND status = 'queued' AND assignee_id IS NULL",
            )
            .bind(agent)
            .bind(now)
            .bind(conversation)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                sqlx::query("UPDATE users SET last_assigned_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(agent)
                    .execute(&mut *tx)
                    .await?;
                stored.push((conversation, agent));
            }
        }
        tx.commit().await?;
        Ok(stored)
    }

    /// Conversations resolved since `since`, per team (`None`: no team).
    pub async fn resolved_since(&self, since: Millis) -> Result<HashMap<Option<i64>, u32>> {
        let rows = sqlx::query(
            "SELECT team_id, COUNT(*) AS n FROM conversations \
             WHERE resolved_at IS NOT NULL AND resolved_at >= $1 GROUP BY team_id",
        )
        .bind(since)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("team_id")?, count(r, "n")?)))
            .collect()
    }

    /// Sets an agent's capacity, skills and teams (each when given).
    pub async fn set_agent_profile(
        &self,
        user_id: i64,
        capacity: Option<u32>,
        skills: Option<&[String]>,
        teams: Option<&[i64]>,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let exists = sqlx::query("SELECT id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                what: "user",
                id: user_id.to_string(),
            });
        }
        if let Some(capacity) = capacity {
            sqlx::query("UPDATE users SET capacity = $1 WHERE id = $2")
                .bind(i64::from(capacity))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(skills) = skills {
            sqlx::query("UPDATE users SET skills = $1 WHERE id = $2")
                .bind(to_json(skills)?)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(teams) = teams {
            sqlx::query("DELETE FROM team_members WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            for team in teams {
                let found = sqlx::query("SELECT id FROM teams WHERE id = $1")
                    .bind(*team)
                    .fetch_optional(&mut *tx)
                    .await?;
                if found.is_none() {
                    return Err(StoreError::NotFound {
                        what: "team",
                        id: team.to_string(),
                    });
                }
                sqlx::query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)")
                    .bind(*team)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores the status an agent chose (`online` or `away`).
    pub async fn set_agent_status(&self, user_id: i64, status: AgentStatus) -> Result<()> {
        let chosen = if status == AgentStatus::Away {
            "away"
        } else {
            "online"
        };
        let done = sqlx::query("UPDATE users SET agent_status = $1 WHERE id = $2")
            .bind(chosen)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        found(done.rows_affected(), "user", user_id)?;
        Ok(())
    }

    /// Every team with its members, by name.
    pub async fn teams(&self) -> Result<Vec<Team>> {
        let members = fetch_members(&self.read).await?;
        let rows = sqlx::query("SELECT id, name, auto_assign, hours FROM teams ORDER BY name, id")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                let auto: i64 = row.try_get("auto_assign")?;
                Ok(Team {
                    id,
                    name: row.try_get("name")?,
                    auto_assign: auto != 0,
                    hours: row.try_get("hours")?,
                    members: members
                        .iter()
                        .filter(|(team, _)| *team == id)
                        .map(|(_, user)| *user)
                        .collect(),
                })
            })
            .collect()
    }

    /// One team.
    pub async fn team(&self, id: i64) -> Result<Team> {
        self.teams()
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| StoreError::NotFound {
                what: "team",
                id: id.to_string(),
            })
    }

    /// Adds a team; its name must be new.
    pub async fn create_team(&self, name: &str, auto_assign: bool, now: Millis) -> Result<Team> {
        let row = sqlx::query(
            "INSERT INTO teams (name, auto_assign, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(i64::from(auto_assign))
        .bind(now)
        .fetch_one(&self.write)
        .await
        .map_err(|e| unique_name(e, name))?;
        self.team(row.try_get("id")?).await
    }

    /// Renames a team or changes whether it auto-assigns.
    pub async fn update_team(&self, id: i64, name: &str, auto_assign: bool) -> Result<Team> {
        let done = sqlx::query("UPDATE teams SET name = $1, auto_assign = $2 WHERE id = $3")
            .bind(name)
            .bind(i64::from(auto_assign))
            .bind(id)
            .execute(&self.write)
            .await
            .map_err(|e| unique_name(e, name))?;
        found(done.rows_affected(), "team", id)?;
        self.team(id).await
    }

    /// Sets a team's own working hours (`None`: the desk's apply).
    pub async fn set_team_hours(&self, id: i64, hours: Option<&str>) -> Result<Team> {
        let done = sqlx::query("UPDATE teams SET hours = $1 WHERE id = $2")
            .bind(hours)
            .bind(id)
            .execute(&self.write)
            .await?;
        found(done.rows_affected(), "team", id)?;
        self.team(id).await
    }

    /// Replaces a team's members.
    pub async fn set_team_members(&self, id: i64, members: &[i64]) -> Result<Team> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM team_members WHERE team_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for user in members {
            sqlx::query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*user)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.team(id).await
    }

    /// Removes a team: its members leave it and its waiting conversations
    /// go to any agent.
    pub async fn delete_team(&self, id: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM team_members WHERE team_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE conversations SET team_id = NULL WHERE team_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM teams WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        found(done.rows_affected(), "team", id)?;
        tx.commit().await?;
        Ok(())
    }

    /// The routing rules in the order they are tried.
    pub async fn routing_rules(&self) -> Result<Vec<StoredRule>> {
        let rows =
            sqlx::query("SELECT id, position, body FROM routing_rules ORDER BY position, id")
                .fetch_all(&self.read)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredRule {
                    id: r.try_get("id")?,
                    position: r.try_get("position")?,
                    body: r.try_get("body")?,
                })
            })
            .collect()
    }

    /// Adds a rule at `position` (`None`: last).
    pub async fn create_rule(
        &self,
        body: &str,
        position: Option<i64>,
        now: Millis,
    ) -> Result<StoredRule> {
        let position = match position {
            Some(p) => p,
            None => {
                let row = sqlx::query("SELECT COALESCE(MAX(position), 0) AS p FROM routing_rules")
                    .fetch_one(&self.read)
                    .await?;
                row.try_get::<i64, _>("p")? + 10
            }
        };
        let row = sqlx::query(
            "INSERT INTO routing_rules (position, body, updated_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(position)
        .bind(body)
        .bind(now)
        .fetch_one(&self.write)
        .await?;
        Ok(StoredRule {
            id: row.try_get("id")?,
            position,
            body: body.to_owned(),
        })
    }

    /// Replaces a rule (and moves it when `position` is given).
    pub async fn update_rule(
        &self,
        id: i64,
        body: &str,
        position: Option<i64>,
        now: Millis,
    ) -> Result<StoredRule> {
        let done = sqlx::query(
            "UPDATE routing_rules SET body = $1, position = COALESCE($2, position), updated_at = $3 WHERE id = $4",
        )
        .bind(body)
        .bind(position)
        .bind(now)
        .bind(id)
        .execute(&self.write)
        .await?;
        found(done.rows_affected(), "routing rule", id)?;
        self.routing_rules()
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| StoreError::NotFound {
                what: "routing rule",
                id: id.to_string(),
            })
    }

    /// Removes a rule.
    pub async fn delete_rule(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM routing_rules WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        found(done.rows_affected(), "routing rule", id)?;
        Ok(())
    }
}

impl Store {
    /// Hands a waiting or assigned conversation to team `team_id`: back in
    /// the queue, unassigned, routed to the team (no skills asked), waiting
    /// from `now`. `NotFound` when there is no such conversation waiting or
    /// assigned.
    pub async fn transfer_to_team(
        &self,
        id: i64,
        team_id: i64,
        now: Millis,
    ) -> Result<kadesk_domain::Conversation> {
        let mut tx = self.write.begin().await?;
        let before = crate::conversations::fetch_conversation(&mut *tx, id).await?;
        let done = sqlx::query(
            "UPDATE conversations SET status = 'queued', assignee_id = NULL, team_id = $1, \
             required_skills = '[]', queued_at = $2, updated_at = $2 \
             WHERE id = $3 AND status IN ('queued', 'assigned')",
        )
        .bind(team_id)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        found(done.rows_affected(), "waiting or assigned conversation", id)?;
        if before.assignee_id.is_some() {
            crate::events::record_event(&mut tx, id, now, "unassigned", None, None).await?;
        }
        let conversation = crate::conversations::fetch_conversation(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(conversation)
    }
}

fn unique_name(e: sqlx::Error, name: &str) -> StoreError {
    if crate::is_unique_violation(&e) {
        StoreError::Conflict {
            field: "name",
            value: name.to_owned(),
        }
    } else {
        StoreError::Database(e)
    }
}
