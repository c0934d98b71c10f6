//! What the platform adapters share when they call their platform's API: a
//! failed call, and a picture download capped in size while it streams.

use std::time::Duration;

/// A platform API call that failed: why (with the platform's own code and
/// message, never a token), and whether trying again later may help.
#[derive(Debug)]
pub(crate) struct ApiFailure {
    pub reason: String,
    pub retryable: bool,
}

/// Downloads the body of `request` (a GET built by the adapter, with its
/// authentication), stopping with `too_big` as soon as it passes
/// `max_bytes`, so a huge file never sits in memory. Network and HTTP
/// errors are retryable and name `what` ("media download", "file
/// download").
pub(crate) async fn download_capped(
    request: reqwest::RequestBuilder,
    max_bytes: usize,
    what: &str,
    too_big: &str,
) -> Result<Vec<u8>, ApiFailure> {
    let failed = |e: reqwest::Error| ApiFailure {
        reason: format!("{what} failed: {}", e.without_url()),
        retryable: true,
    };
    let mut response = request
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .map_err(failed)?
        .error_for_status()
        .map_err(failed)?;
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(failed)? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > max_bytes {
            return Err(ApiFailure {
                reason: too_big.to_owned(),
                retryable: false,
            });
        }
    }
    Ok(bytes)
}
