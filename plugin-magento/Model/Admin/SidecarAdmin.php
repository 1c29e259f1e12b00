<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Admin;

use ExactSidecar\Connector\Model\Http\Response;
use ExactSidecar\Connector\Model\Http\TransportException;
use ExactSidecar\Connector\Model\Sidecar\Client;
use ExactSidecar\Connector\Model\Sidecar\NotConfiguredException;

/**
 * The admin's calls to the sidecar's shop surface (CONTRACT.md), each turned into an AdminResult that never
 * contains the secret. Controllers and blocks stay thin and call this.
 */
class SidecarAdmin
{
    /** @var Client */
    private $client;

    /** Exact Online's countries (the sidecar's regions): an administration lives in one. */
    public const REGIONS = [
        'nl' => 'Nederland',
        'be' => 'België',
        'de' => 'Deutschland',
        'fr' => 'France',
        'es' => 'España',
        'uk' => 'United Kingdom',
        'us' => 'United States',
    ];

    /**
     * @param Client $client
     */
    public function __construct(Client $client)
    {
        $this->client = $client;
    }

    /**
     * GET /api/v1/shop: proves URL, shop id, secret and clock are right; reports the Exact connection.
     *
     * @return AdminResult
     */
    public function testConnection(): AdminResult
    {
        return $this->call('GET', Client::PATH_SHOP, null, function (array $json): AdminResult {
            $exact = is_array($json['exact'] ?? null) ? $json['exact'] : [];
            $message = sprintf('Connected to the sidecar as shop "%s".', (string) ($json['name'] ?? $json['id'] ?? ''));
            if (!empty($exact['connected'])) {
                $message .= sprintf(
                    ' Exact Online: connected to division %s %s.',
                    (string) ($exact['division'] ?? ''),
                    (string) ($exact['division_name'] ?? '')
                );
            } elseif (!empty($exact['needs_reauth'])) {
                $message .= ' Exact Online: the authorisation expired; connect again.';
            } else {
                $message .= ' Exact Online: not connected yet.';
            }
            return new AdminResult(true, $message, $json);
        });
    }

    /**
     * POST /api/v1/shop/exact/connect: the URL to send the admin to for Exact's consent.
     *
     * @param string $returnUrl
     * @param string $region Exact Online's country of the administration (a key of REGIONS)
     * @return AdminResult data.authorize_url on success
     */
    public function connect(string $returnUrl, string $region = 'nl'): AdminResult
    {
        $region = isset(self::REGIONS[$region]) ? $region : 'nl';
        $body = ['return_url' => $returnUrl, 'region' => $region];
        return $this->call('POST', Client::PATH_CONNECT, $body, function (array $json) {
            $url = (string) ($json['authorize_url'] ?? '');
            if (!preg_match('#^https://#i', $url)) {
                return new AdminResult(false, 'The sidecar did not return an https authorisation URL.');
            }
            return new AdminResult(true, 'Continue at Exact Online to authorise the connection.', [
                'authorize_url' => $url,
            ]);
        });
    }

    /**
     * @return AdminResult
     */
    public function disconnect(): AdminResult
    {
        return $this->call('POST', Client::PATH_DISCONNECT, [], function (array $json): AdminResult {
            return new AdminResult(true, 'Exact Online was disconnected.', $json);
        });
    }

    /**
     * POST /api/v1/shop/credentials with the integration's OAuth 1.0a tokens. The tokens are not echoed back.
     *
     * @param array<string, string> $tokens consumer_key, consumer_secret, access_token, access_token_secret
     * @return AdminResult
     */
    public function sendCredentials(array $tokens): AdminResult
    {
        return $this->call('POST', Client::PATH_CREDENTIALS, $tokens, function (): AdminResult {
            return new AdminResult(true, 'The sidecar received the pushback credentials.');
        });
    }

    /**
     * GET /api/v1/shop/orders/<id>: the sync state of one order.
     *
     * @param int $orderId
     * @return AdminResult
     */
    public function orderState(int $orderId): AdminResult
    {
        return $this->call('GET', Client::PATH_ORDERS . $orderId, null, function (array $json): AdminResult {
            return new AdminResult(true, '', $json);
        });
    }

    /**
     * POST /api/v1/shop/orders/<id>/retry.
     *
     * @param int $orderId
     * @return AdminResult
     */
    public function retryOrder(int $orderId): AdminResult
    {
        return $this->call('POST', Client::PATH_ORDERS . $orderId . '/retry', [], function (array $json) {
            return new AdminResult(true, 'The order is queued again in the sidecar.', $json);
        });
    }

    /**
     * GET /api/v1/shop/exact/options: reference lists for the mapping dropdowns.
     *
     * @return AdminResult
     */
    public function exactOptions(): AdminResult
    {
        return $this->call('GET', Client::PATH_OPTIONS, null, function (array $json): AdminResult {
            return new AdminResult(true, '', $json);
        });
    }

    /**
     * @return AdminResult
     */
    public function getSettings(): AdminResult
    {
        return $this->call('GET', Client::PATH_SETTINGS, null, function (array $json): AdminResult {
            return new AdminResult(true, '', $json);
        });
    }

    /**
     * POST /api/v1/shop/settings/proposal: the mapping the sidecar proposes from the shop's lists.
     *
     * @param array<string, mixed> $lists tax_rates, payment_methods, shipping_methods, home_country
     * @return AdminResult data: {"settings", "proposed", "missing"}
     */
    public function proposeSettings(array $lists): AdminResult
    {
        return $this->call('POST', Client::PATH_PROPOSAL, $lists, function (array $json): AdminResult {
            if (!is_array($json['settings'] ?? null)) {
                return new AdminResult(false, 'The sidecar did not answer a proposal.');
            }
            $missing = array_filter((array) ($json['missing'] ?? []), static function ($m): bool {
                return is_array($m) && !empty($m['required']);
            });
            return new AdminResult(true, (string) __(
                'Proposed %1 settings; %2 still to do before the first order. The proposal is in the fields '
                    . 'after the page reloads: check them and press Save Config.',
                count((array) ($json['proposed'] ?? [])),
                count($missing)
            ), $json + ['reload' => true]);
        });
    }

    /**
     * PUT /api/v1/shop/settings; a 400 comes back with the sidecar's field errors.
     *
     * @param array<string, mixed> $document
     * @return AdminResult
     */
    public function putSettings(array $document): AdminResult
    {
        return $this->call('PUT', Client::PATH_SETTINGS, $document, function (array $json): AdminResult {
            return new AdminResult(true, 'The settings were saved in the sidecar.', $json);
        });
    }

    /**
     * POST /api/v1/shop/backfill {"since": "YYYY-MM-DD"}.
     *
     * @param string $since
     * @return AdminResult
     */
    public function startBackfill(string $since): AdminResult
    {
        $date = \DateTimeImmutable::createFromFormat('!Y-m-d', $since);
        if ($date === false || $date->format('Y-m-d') !== $since) {
            return new AdminResult(false, 'Enter the start date as YYYY-MM-DD.');
        }
        return $this->call('POST', Client::PATH_BACKFILL, ['since' => $since], function (array $json) {
            return new AdminResult(true, 'The sidecar started importing the order history.', $json);
        });
    }

    /**
     * GET /api/v1/shop/backfill: progress (done, total, failed, eta).
     *
     * @return AdminResult
     */
    public function backfillStatus(): AdminResult
    {
        return $this->call('GET', Client::PATH_BACKFILL, null, function (array $json): AdminResult {
            $done = (int) ($json['done'] ?? 0);
            $total = (int) ($json['total'] ?? 0);
            $failed = (int) ($json['failed'] ?? 0);
            $message = $total > 0
                ? sprintf('%d of %d orders imported, %d failed.', $done, $total, $failed)
                : 'No history import is running.';
            return new AdminResult(true, $message, $json);
        });
    }

    /**
     * @param string $method
     * @param string $path
     * @param array<mixed>|null $payload
     * @param callable $onSuccess receives the decoded JSON object (or [] for an empty body)
     * @return AdminResult
     */
    private function call(string $method, string $path, ?array $payload, callable $onSuccess): AdminResult
    {
        try {
            $response = $this->client->request($method, $path, $payload);
        } catch (NotConfiguredException $e) {
            return new AdminResult(false, $e->getMessage());
        } catch (TransportException $e) {
            return new AdminResult(false, 'Cannot reach the sidecar: ' . $e->getMessage());
        } catch (\JsonException $e) {
            return new AdminResult(false, 'Could not encode the request: ' . $e->getMessage());
        }
        if ($response->isSuccess()) {
            $json = $response->getJson();
            if ($json !== null && !is_array($json)) {
                return new AdminResult(false, 'The sidecar answered with something that is not a JSON object.');
            }
            return $onSuccess($json ?? []);
        }
        return $this->failure($response);
    }

    /**
     * @param Response $response
     * @return AdminResult
     */
    private function failure(Response $response): AdminResult
    {
        $status = $response->getStatus();
        $json = $response->getJson();
        $error = is_array($json) && is_array($json['error'] ?? null) ? $json['error'] : [];
        $fields = [];
        if (is_array($error['fields'] ?? null)) {
            foreach ($error['fields'] as $field => $problems) {
                $fields[(string) $field] = array_map('strval', (array) $problems);
            }
        }
        $message = (string) ($error['message'] ?? '');
        if ($status === 401) {
            $message = 'The sidecar refused the request (' . (string) ($error['code'] ?? 'unauthorised')
                . '): check the shop id, the secret and the server clock.';
        } elseif ($message === '') {
            $message = $response->describeError();
        } else {
            $message = 'The sidecar answered ' . $status . ': ' . $message;
        }
        return new AdminResult(false, $message, ['status' => $status], $fields);
    }
}
