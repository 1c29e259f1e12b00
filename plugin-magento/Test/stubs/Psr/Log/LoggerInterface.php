<?php

declare(strict_types=1);

namespace Psr\Log;

/**
 * Stand-in of psr/log's LoggerInterface (Magento ships psr/log; Debian 12's php-psr-log is not assumed).
 */
interface LoggerInterface
{
    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function emergency($message, array $context = []);

    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function alert($message, array $context = []);

    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function critical($message, array $context = []);

    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function error($message, array $context = []);

    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function warning($message, array $context = []);

    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function notice($message, array $context = []);

    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function info($message, array $context = []);

    /**
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function debug($message, array $context = []);

    /**
     * @param mixed $level
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     * @return void
     */
    public function log($level, $message, array $context = []);
}
