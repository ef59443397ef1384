//! GraphQL over WebSocket on `/graphql`, with the graphql-transport-ws protocol that graphql-ws clients speak
//! (and the older subscriptions-transport-ws): subscriptions, and queries and mutations run as over HTTP. The
//! server caps its WebSocket connections and each one's subscriptions, takes the token from the upgrade request
//! or from `connection_init`, closes a connection that does not initialise in time, and pings every connection,
//! closing one that stays silent.

use std::net::IpAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::futures_util::{SinkExt, future};
use async_graphql::http::{WebSocket as GraphQLWebSocket, WsMessage};
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, ErrorExtensionValues, Executor, Request as GraphQLRequest, Response as GraphQLResponse};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::time::Instant;

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::code;
use crate::http::graphql::{MediaType, authenticate, operation_type};

/// The protocols the server speaks, as clients name them in `Sec-WebSocket-Protocol`.
const PROTOCOLS: [&str; 2] = ["graphql-transport-ws", "graphql-ws"];

/// How many client messages may wait for the protocol to read them; a client sending faster is disconnected.
const INBOX: usize = 64;

/// The WebSocket connections a server accepts at once.
pub struct WebSocketSlots(Arc<Semaphore>);

impl WebSocketSlots {
    /// Room for `max` connections.
    pub fn new(max: usize) -> Self {
        Self(Arc::new(Semaphore::new(max.max(1))))
    }
}

/// Upgrades a request on `/graphql` to a GraphQL WebSocket connection.
pub async fn upgrade(
    state: AppState,
    client: Option<IpAddr>,
    headers: &HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let offered = headers.get(header::SEC_WEBSOCKET_PROTOCOL).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let Some(protocol) = offered.split(',').map(str::trim).find(|offered| PROTOCOLS.contains(offered)) else {
        return (
            StatusCode::BAD_REQUEST,
            format!("coopkb speaks GraphQL over WebSocket as {}: name it in Sec-WebSocket-Protocol", PROTOCOLS[0]),
        )
            .into_response();
    };
    let Ok(protocol) = async_graphql::http::WebSocketProtocols::from_str(protocol) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let Ok(slot) = state.websockets.0.clone().try_acquire_owned() else {
        tracing::warn!("WebSocket refused: the WebSocket connection limit is reached");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "1")],
            "coopkb has as many WebSocket connections open as it allows\n",
        )
            .into_response();
    };
    // A token in the upgrade request counts for the whole connection; browsers send it in `connection_init`.
    let caller = match authenticate(&state, headers, MediaType::Json).await {
        Ok(caller) => caller,
        Err(response) if headers.contains_key(header::AUTHORIZATION) => return response,
        Err(_) => None,
    };
    let limit = state.config.max_body_bytes;
    upgrade
        .protocols([protocol.sec_websocket_protocol()])
        .max_message_size(limit)
        .max_frame_size(limit)
        .on_upgrade(move |socket| serve(socket, state, client, protocol, caller, slot))
}

/// Runs the operations of one connection: the executor of its requests.
#[derive(Clone)]
struct Connection {
    state: AppState,
    client: Option<IpAddr>,
    caller: Arc<Mutex<Option<Caller>>>,
    subscriptions: Arc<Semaphore>,
}

/// A response made of one error with `code`.
fn coded_error(code: &str, message: impl Into<String>) -> GraphQLResponse {
    let mut error = async_graphql::ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    GraphQLResponse::from_errors(vec![error])
}

impl Connection {
    fn caller(&self) -> Option<Caller> {
        self.caller.lock().ok().and_then(|caller| caller.clone())
    }

    /// A query or a mutation, admitted and bounded as over HTTP.
    async fn run(&self, request: GraphQLRequest) -> GraphQLResponse {
        let Ok(_admitted) = self.state.admission.admit(self.client).await else {
            return coded_error(code::SERVICE_UNAVAILABLE, "the server is executing as many requests as it allows");
        };
        let work =
            crate::graphql::execute(&self.state.schema, &self.state.limits, &self.state.db, self.caller(), request);
        match tokio::time::timeout(self.state.config.request_timeout(), work).await {
            Ok(response) => response,
            Err(_) => coded_error(code::TIMEOUT, "the operation took longer than the request timeout"),
        }
    }

    /// The caller `connection_init` names by its token (`Authorization` or `token`, with or without `Bearer`),
    /// or the connection's error.
    async fn initialise(self, payload: serde_json::Value) -> async_graphql::Result<Data> {
        let token = ["Authorization", "authorization", "token"]
            .iter()
            .find_map(|key| payload.get(key).and_then(serde_json::Value::as_str))
            .map(|token| token.strip_prefix("Bearer ").unwrap_or(token).trim().to_owned());
        if let Some(token) = token {
            match crate::auth::verify(&self.state.db, &token).await {
                Ok(Some(caller)) => {
                    if let Ok(mut slot) = self.caller.lock() {
                        *slot = Some(caller);
                    }
                }
                Ok(None) => return Err("the token is not valid: it is mistyped or was revoked".into()),
                Err(error) => {
                    tracing::error!(%error, "could not check a token");
                    return Err("the token could not be checked".into());
                }
            }
        }
        if self.state.config.require_token_for_reads && self.caller().is_none() {
            return Err(
                "this server needs a token: send `{\"Authorization\": \"Bearer <token>\"}` in connection_init".into()
            );
        }
        Ok(Data::default())
    }
}

impl Executor for Connection {
    async fn execute(&self, request: GraphQLRequest) -> GraphQLResponse {
        self.run(request).await
    }

    fn execute_stream(
        &self,
        mut request: GraphQLRequest,
        data: Option<Arc<Data>>,
    ) -> BoxStream<'static, GraphQLResponse> {
        if operation_type(&mut request) != Some(OperationType::Subscription) {
            let connection = self.clone();
            return stream::once(async move { connection.run(request).await }).boxed();
        }
        let Ok(slot) = self.subscriptions.clone().try_acquire_owned() else {
            let message = "this connection runs as many subscriptions as the server allows: complete one first";
            return stream::once(future::ready(coded_error(code::TOO_MANY_SUBSCRIPTIONS, message))).boxed();
        };
        if let Some(caller) = self.caller() {
            request = request.data(caller);
        }
        let responses = self.state.limits.execute_stream(&self.state.schema, request, data.unwrap_or_default());
        // The subscription holds its slot until its stream ends or the client completes it.
        responses
            .map(move |response| {
                let _held = &slot;
                response
            })
            .boxed()
    }
}

/// Serves one upgraded connection until either side closes it.
async fn serve(
    socket: WebSocket,
    state: AppState,
    client: Option<IpAddr>,
    protocol: async_graphql::http::WebSocketProtocols,
    caller: Option<Caller>,
    _slot: OwnedSemaphorePermit,
) {
    let ping = state.config.websocket_ping();
    let subscriptions = Arc::new(Semaphore::new(state.config.max_subscriptions_per_connection.max(1)));
    let connection = Connection { state, client, caller: Arc::new(Mutex::new(caller)), subscriptions };
    let (inbox, messages) = mpsc::channel::<Vec<u8>>(INBOX);
    let messages = stream::unfold(messages, |mut messages| async move { messages.recv().await.map(|m| (m, messages)) });
    let initialised = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let on_init = {
        let (connection, initialised) = (connection.clone(), initialised.clone());
        move |payload| async move {
            let data = connection.initialise(payload).await?;
            initialised.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok(data)
        }
    };
    let mut protocol =
        std::pin::pin!(GraphQLWebSocket::new(connection, messages, protocol).on_connection_init(on_init));
    let (mut sender, mut receiver) = socket.split();
    let mut pings = tokio::time::interval_at(Instant::now() + ping, ping);
    let mut last_heard = Instant::now();
    let close = |code: u16, reason: &str| Message::Close(Some(CloseFrame { code, reason: reason.into() }));
    loop {
        tokio::select! {
            message = receiver.next() => {
                let bytes = match message {
                    Some(Ok(Message::Text(text))) => text.as_bytes().to_vec(),
                    Some(Ok(Message::Binary(bytes))) => bytes.to_vec(),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => { last_heard = Instant::now(); continue; }
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                };
                last_heard = Instant::now();
                if inbox.try_send(bytes).is_err() {
                    let _ = sender.send(close(4429, "too many messages at once")).await;
                    break;
                }
            }
            message = protocol.next() => match message {
                Some(WsMessage::Text(text)) => {
                    if sender.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(WsMessage::Close(code, reason)) => {
                    let _ = sender.send(close(code, &reason)).await;
                    break;
                }
                None => break,
            },
            _ = pings.tick() => {
                if !initialised.load(std::sync::atomic::Ordering::SeqCst) {
                    let _ = sender.send(close(4408, "Connection initialisation timeout")).await;
                    break;
                }
                if last_heard.elapsed() > ping * 2 {
                    tracing::debug!("closing a WebSocket connection that answers no ping");
                    let _ = sender.send(close(1001, "no answer to pings")).await;
                    break;
                }
                if sender.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
        }
    }
}
