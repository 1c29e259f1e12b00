<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\Encryption\EncryptorInterface;

/**
 * Reversible "encryption" (base64 behind a version prefix), enough to prove the module decrypts.
 */
class FakeEncryptor implements EncryptorInterface
{
    /**
     * @inheritDoc
     */
    public function encrypt($data)
    {
        return '0:3:' . base64_encode((string) $data);
    }

    /**
     * @inheritDoc
     */
    public function decrypt($data)
    {
        $data = (string) $data;
        if (strncmp($data, '0:3:', 4) !== 0) {
            return '';
        }
        return (string) base64_decode(substr($data, 4), true);
    }
}
