//! A query builder for the queries whose shape depends on a filter.
//!
//! sqlx's own `QueryBuilder<Any>` writes `?` placeholders, which PostgreSQL
//! does not read through the `Any` driver. [`Sql`] writes numbered `$N`
//! placeholders instead, which both SQLite and PostgreSQL read, so a dynamic
//! query is still written once. Values only ever travel as bound arguments:
//! the text pushed with [`Sql::push`] is the query's own, never a caller's.

use sqlx::any::{Any, AnyArguments};
use sqlx::{Arguments, Encode, Type};

/// SQL text and its bound arguments, numbered as they are pushed.
pub(crate) struct Sql {
    text: String,
    args: AnyArguments<'static>,
    count: usize,
    /// The first value that could not be encoded, reported by [`Sql::query`].
    error: Option<sqlx::error::BoxDynError>,
}

impl Sql {
    /// A query starting with `head`.
    pub(crate) fn new(head: impl Into<String>) -> Sql {
        Sql {
            text: head.into(),
            args: AnyArguments::default(),
            count: 0,
            error: None,
        }
    }

    /// Appends query text (never a value: see [`Sql::bind`]).
    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends the placeholder of a new argument `value`.
    pub(crate) fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'static + Encode<'static, Any> + Type<Any>,
    {
        self.count += 1;
        self.text.push('$');
        self.text.push_str(&self.count.to_string());
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// Appends `values` as a comma-separated list of placeholders, e.g. for
    /// `IN (…)`; the caller makes sure it is not empty.
    pub(crate) fn bind_list<T, I>(&mut self, values: I) -> &mut Self
    where
        I: IntoIterator<Item = T>,
        T: 'static + Encode<'static, Any> + Type<Any>,
    {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(value);
        }
        self
    }

    /// The placeholder of the last bound argument (`$N`), to use it again.
    pub(crate) fn last(&self) -> String {
        format!("${}", self.count)
    }

    /// Appends the placeholder of an argument bound before (see [`Sql::last`]).
    pub(crate) fn push_again(&mut self, placeholder: &str) -> &mut Self {
        self.text.push_str(placeholder);
        self
    }

    /// The text written so far (for tests and logs; it holds no values).
    #[cfg(test)]
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The query, ready to run (its arguments move into it).
    pub(crate) fn query(
        &mut self,
    ) -> Result<sqlx::query::Query<'_, Any, AnyArguments<'_>>, sqlx::Error> {
        if let Some(e) = self.error.take() {
            return Err(sqlx::Error::Encode(e));
        }
        Ok(sqlx::query_with(&self.text, std::mem::take(&mut self.args)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.bind(1_i64)
            .push(" AND b IN (")
            .bind_list(["x", "y"])
            .push(")");
        let b = sql.last();
        sql.push(" OR c = ").push_again(&b);
        assert_eq!(
            sql.text(),
            "SELECT 1 WHERE a = $1 AND b IN ($2, $3) OR c = $3"
        );
    }
}
