<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Sidecar;

use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Http\Response;
use ExactSidecar\Connector\Model\Http\TransportException;
use ExactSidecar\Connector\Model\Http\TransportInterface;
use ExactSidecar\Connector\Model\Json;
use ExactSidecar\Connector\Model\Signing;

/**
 * Signed calls to the sidecar (CONTRACT.md). The signed path is the full path of the request URL, including
 * any path prefix of the configured sidecar URL, plus the query string.
 */
class Client
{
    public const PATH_EVENTS_BATCH = '/api/v1/events/batch';
    public const PATH_SHOP = '/api/v1/shop';
    public const PATH_SETTINGS = '/api/v1/shop/settings';
    public const PATH_PROPOSAL = '/api/v1/shop/settings/proposal';
    public const PATH_OPTIONS = '/api/v1/shop/exact/options';
    public const PATH_CONNECT = '/api/v1/shop/exact/connect';
    public const PATH_DISCONNECT = '/api/v1/shop/exact/disconnect';
    public const PATH_CREDENTIALS = '/api/v1/shop/credentials';
    public const PATH_ORDERS = '/api/v1/shop/orders/';
    public const PATH_BACKFILL = '/api/v1/shop/backfill';

    /** @var Config */
    private $config;

    /** @var TransportInterface */
    private $transport;

    /** @var Signing */
    private $signing;

    /** @var ClockInterface */
    private $clock;

    /**
     * @param Config $config
     * @param TransportInterface $transport
     * @param Signing $signing
     * @param ClockInterface $clock
     */
    public function __construct(
        Config $config,
        TransportInterface $transport,
        Signing $signing,
        ClockInterface $clock
    ) {
        $this->config = $config;
        $this->transport = $transport;
        $this->signing = $signing;
        $this->clock = $clock;
    }

    /**
     * Send a signed request with a raw body.
     *
     * @param string $method
     * @param string $pathWithQuery path below the sidecar URL, for example "/api/v1/shop"
     * @param string $body
     * @return Response
     * @throws NotConfiguredException
     * @throws TransportException
     */
    public function requestRaw(string $method, string $pathWithQuery, string $body = ''): Response
    {
        $base = $this->config->getSidecarUrl();
        $shop = $this->config->getShopId();
        $secret = $this->config->getSecret();
        if ($base === '' || $shop === '' || $secret === '') {
            throw new NotConfiguredException(
                'Sidecar URL, shop id and secret must all be set under '
                . 'Stores > Configuration > Services > Exact Online.'
            );
        }
        $url = $base . $pathWithQuery;
        $basePath = (string) parse_url($base, PHP_URL_PATH);
        $signedPath = rtrim($basePath, '/') . $pathWithQuery;
        $headers = $this->signing->headers($shop, $secret, $this->clock->now(), $method, $signedPath, $body);
        $headers['Accept'] = 'application/json';
        if ($body !== '') {
            $headers['Content-Type'] = 'application/json';
        }
        return $this->transport->send($method, $url, $headers, $body);
    }

    /**
     * Send a signed request with a JSON body (or none for null).
     *
     * @param string $method
     * @param string $pathWithQuery
     * @param array<mixed>|null $payload
     * @return Response
     * @throws NotConfiguredException
     * @throws TransportException
     */
    public function request(string $method, string $pathWithQuery, ?array $payload = null): Response
    {
        $body = $payload === null ? '' : Json::encode($payload);
        return $this->requestRaw($method, $pathWithQuery, $body);
    }
}
